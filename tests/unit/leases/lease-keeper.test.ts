/**
 * The keeper of a held lease (services/lease-keeper.ts): renews it while its run goes on, faster
 * while renewals fail, and stops for good once a renewal finds the lease taken over.
 */
import { keepLease } from '../../../server/src/services/lease-keeper';

const timings = { renewEveryMs: 5000, renewRetryMs: 1000 };

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Lets the renewal that a timer started settle. */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

test('Given renewals that succeed, When time passes, Then the lease is renewed once per renewal period and stays held', async () => {
  const renew = jest.fn(async () => true);
  const keeper = keepLease(renew, timings);
  await jest.advanceTimersByTimeAsync(15_000);
  expect(renew).toHaveBeenCalledTimes(3);
  expect(keeper.state).toBe('held');
  keeper.stop();
});

test('Given the database away, When renewals fail, Then the state is unknown and renewals are tried every retry period', async () => {
  const renew = jest.fn(async (): Promise<boolean> => {
    throw new Error('connect ECONNREFUSED');
  });
  const keeper = keepLease(renew, timings);
  await jest.advanceTimersByTimeAsync(5000);
  expect(keeper.state).toBe('unknown');
  await jest.advanceTimersByTimeAsync(3000);
  expect(renew).toHaveBeenCalledTimes(4);
  keeper.stop();
});

test('Given the database back after an outage, When the next retry comes, Then the lease is held again within a retry period', async () => {
  let away = true;
  const renew = jest.fn(async () => {
    if (away) throw new Error('the database system is shutting down');
    return true;
  });
  const keeper = keepLease(renew, timings);
  await jest.advanceTimersByTimeAsync(20_000);
  away = false;
  await jest.advanceTimersByTimeAsync(1000);
  expect(keeper.state).toBe('held');
  keeper.stop();
});

test('Given a renewal that finds the fence moved, When it answers, Then the lease is lost for good and no renewal follows', async () => {
  const renew = jest.fn(async () => false);
  const keeper = keepLease(renew, timings);
  await jest.advanceTimersByTimeAsync(5000);
  expect(keeper.state).toBe('lost');
  await jest.advanceTimersByTimeAsync(60_000);
  expect(renew).toHaveBeenCalledTimes(1);
  await expect(keeper.renewNow()).resolves.toBe('lost');
});

test('Given a renewal in flight, When another is asked for, Then both get the one answer', async () => {
  let answer: (ours: boolean) => void = () => undefined;
  const renew = jest.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
  const keeper = keepLease(renew, timings);
  const first = keeper.renewNow();
  const second = keeper.renewNow();
  answer(true);
  await settle();
  await expect(Promise.all([first, second])).resolves.toEqual(['held', 'held']);
  expect(renew).toHaveBeenCalledTimes(1);
  keeper.stop();
});

test('Given a stopped keeper, When time passes, Then it renews nothing more', async () => {
  const renew = jest.fn(async () => true);
  const keeper = keepLease(renew, timings);
  keeper.stop();
  await jest.advanceTimersByTimeAsync(60_000);
  expect(renew).not.toHaveBeenCalled();
});
