import { UIDS } from '../../../server/src/constants';
import { at, createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi();

let scriptId: number;
beforeAll(async () => {
  scriptId = (await createScript(app.current.strapi)).id;
});

const validTask = () => ({
  name: uniqueName('task'),
  script: scriptId,
  schedule: '0 3 * * *',
  timezone: 'Europe/Paris',
});

const countTasks = () => app.current.strapi.db.query(UIDS.task).count();

/** Creates a task that must be refused; returns the field errors and checks nothing was saved. */
const refusedCreate = async (input: Record<string, unknown>) => {
  const before = await countTasks();
  const error = await service(app.current.strapi, 'tasks')
    .create(input)
    .then(
      () => null,
      (caught: unknown) =>
        caught as { name: string; details: { errors: Array<{ path: string[]; message: string }> } }
    );
  expect(error).not.toBeNull();
  expect(error!.name).toBe('ValidationError');
  expect(await countTasks()).toBe(before);
  return error!.details.errors;
};

describe('task validation (service layer, every path)', () => {
  test('Given an invalid cron expression, When the task is created, Then schedule is refused with the reason', async () => {
    const errors = await refusedCreate({ ...validTask(), schedule: '61 * * * *' });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['schedule'], message: expect.stringMatching(/minute/) }),
    ]);
  });

  test('Given seven cron fields, When the task is created, Then schedule is refused', async () => {
    const errors = await refusedCreate({ ...validTask(), schedule: '0 0 0 1 1 * 2026' });
    expect(errors[0].path).toEqual(['schedule']);
  });

  test('Given an unknown time zone, When the task is created, Then timezone is refused', async () => {
    const errors = await refusedCreate({ ...validTask(), timezone: 'Europe/Atlantis' });
    expect(errors).toEqual([
      expect.objectContaining({
        path: ['timezone'],
        message: expect.stringMatching(/not an IANA time zone/),
      }),
    ]);
  });

  test('Given a window that ends before it starts, When the task is created, Then endAt is refused', async () => {
    const errors = await refusedCreate({
      ...validTask(),
      startAt: '2027-01-02T00:00:00Z',
      endAt: '2027-01-01T00:00:00Z',
    });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['endAt'], message: 'endAt must be after startAt' }),
    ]);
  });

  test('Given a script id that does not exist, When the task is created, Then script is refused', async () => {
    const errors = await refusedCreate({ ...validTask(), script: 999_999 });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['script'], message: 'script 999999 does not exist' }),
    ]);
  });

  test.each([[['a', 'list']], ['text'], [42]])(
    'Given params %j, When the task is created, Then params is refused as not a JSON object',
    async (params) => {
      const errors = await refusedCreate({ ...validTask(), params });
      expect(errors).toEqual([
        expect.objectContaining({ path: ['params'], message: 'params must be a JSON object' }),
      ]);
    }
  );

  test('Given a name already taken, When another task is created with it, Then name is refused', async () => {
    const first = await service(app.current.strapi, 'tasks').create(validTask());
    const errors = await refusedCreate({ ...validTask(), name: first.name });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['name'], message: 'a task with this name already exists' }),
    ]);
  });

  test('Given limits above the configured caps, When the task is created, Then each limit is refused', async () => {
    const errors = await refusedCreate({
      ...validTask(),
      timeLimitMs: 10 * 60_000 + 1,
      memoryLimitMb: 4096,
    });
    expect(errors.map((error) => error.path[0]).sort()).toEqual(['memoryLimitMb', 'timeLimitMs']);
    expect(errors.find((error) => error.path[0] === 'memoryLimitMb')!.message).toMatch(
      /at most 512 MB/
    );
  });

  test('Given a field the task does not have, When the task is created, Then it is refused by name', async () => {
    const errors = await refusedCreate({ ...validTask(), nextRunAt: 0 });
    expect(errors[0].message).toBe('unknown field "nextRunAt"');
  });

  test('Given an unknown misfire policy, When the task is created, Then misfirePolicy is refused', async () => {
    const errors = await refusedCreate({ ...validTask(), misfirePolicy: 'sometimes' });
    expect(errors[0].path).toEqual(['misfirePolicy']);
  });

  test('Given a bad update, When it is applied, Then nothing about the task changes', async () => {
    const task = await service(app.current.strapi, 'tasks').create(validTask(), {
      now: at('2027-01-01T00:00:00Z'),
    });
    await expect(
      service(app.current.strapi, 'tasks').update(task.id, {
        schedule: 'every day',
        description: 'changed',
      })
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await service(app.current.strapi, 'tasks').findOne(task.id)).toEqual(task);
  });

  test('Given a bad task sent through the Document Service, When it is created, Then it is refused the same way', async () => {
    const before = await countTasks();
    await expect(
      app.current.strapi
        .documents(UIDS.task)
        .create({ data: { ...validTask(), schedule: 'nope' } as never })
    ).rejects.toMatchObject({
      name: 'ValidationError',
      details: { errors: [expect.objectContaining({ path: ['schedule'] })] },
    });
    expect(await countTasks()).toBe(before);
  });

  test('Given a valid task sent through the Document Service, When it is created, Then its first slot is computed', async () => {
    const document = await app.current.strapi
      .documents(UIDS.task)
      .create({ data: validTask() as never });
    const task = await service(app.current.strapi, 'tasks').findOne(document.id as number);
    expect(task.nextRunAt).toBeGreaterThan(task.referenceAt);
  });
});

describe('script validation', () => {
  test('Given a body with a syntax error on line 2, When the script is saved, Then body is refused with line and column', async () => {
    const error = await service(app.current.strapi, 'scripts')
      .create({ name: uniqueName('broken'), body: 'const a = 1;\nconst = 2;' })
      .catch(
        (caught: unknown) =>
          caught as { name: string; details: { errors: Array<Record<string, unknown>> } }
      );
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect(
      (error as { details: { errors: Array<Record<string, unknown>> } }).details.errors[0]
    ).toMatchObject({
      path: ['body'],
      line: 2,
    });
  });
});
