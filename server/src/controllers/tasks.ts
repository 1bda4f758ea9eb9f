import type { Core } from '@strapi/strapi';
import { validateYupSchema, yup } from '@strapi/utils';
import { UIDS } from '../constants';
import { ConflictError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { within } from '../utils/async';
import { adminId, optionalBody, pathId, type RequestContext } from '../utils/http';
import { getPluginConfig } from '../utils/plugin-config';
import { holdWarning } from '../services/hold-rules';
import { toRunRecord } from '../services/runs';
import type { TaskRecord } from '../services/tasks';
import type { AdminResponse } from '../contracts';
import { runView, taskListView, taskView } from '../utils/views';
import { parseTaskListQuery } from '../validation/list-queries';
import { noUnknown } from '../validation/no-unknown';

const runNowSchema = yup
  .object()
  .typeError('the body must be a JSON object')
  .shape({ dryRun: yup.boolean().typeError('dryRun must be true or false') })
  .test(noUnknown());

const createTasksController = ({ strapi }: { strapi: Core.Strapi }) => {
  const tasks = () => getService(strapi, 'tasks');
  const id = (ctx: RequestContext) => pathId(ctx, 'id', 'task');
  /** Every route that answers one task answers it so (AdminResponse<'GET /tasks/:id'>). */
  const view = (task: TaskRecord, options: { withState?: boolean } = {}) =>
    taskView(task, { ...options, integrity: tasks().integrity(task) });

  return {
    async find(ctx: RequestContext) {
      const { results, pagination } = await tasks().findPage(await parseTaskListQuery(ctx.query));
      ctx.body = {
        data: results.map((task) => taskListView(task, { integrity: tasks().integrity(task) })),
        meta: { pagination },
      } satisfies AdminResponse<'GET /tasks'>;
    },

    async findOne(ctx: RequestContext) {
      ctx.body = {
        data: view(await tasks().findOne(id(ctx)), { withState: true }),
      } satisfies AdminResponse<'GET /tasks/:id'>;
    },

    async create(ctx: RequestContext) {
      const task = await tasks().create(ctx.request.body, {
        userId: adminId(ctx),
        refusePast: true,
      });
      ctx.status = 201;
      ctx.body = { data: view(task) };
    },

    async update(ctx: RequestContext) {
      const task = await tasks().update(id(ctx), ctx.request.body, {
        userId: adminId(ctx),
        refusePast: true,
      });
      ctx.body = { data: view(task) };
    },

    async delete(ctx: RequestContext) {
      ctx.body = { data: view(await tasks().delete(id(ctx))) };
    },

    async enable(ctx: RequestContext) {
      const task = await tasks().setEnabled(id(ctx), true, { userId: adminId(ctx) });
      ctx.body = { data: view(task) };
    },

    async disable(ctx: RequestContext) {
      const task = await tasks().setEnabled(id(ctx), false, { userId: adminId(ctx) });
      ctx.body = { data: view(task) };
    },

    /** Resumes a task that paused itself after failing (a task that is not paused is unchanged). */
    async resume(ctx: RequestContext) {
      const task = await tasks().resume(id(ctx), { userId: adminId(ctx) });
      ctx.body = { data: view(task) };
    },

    /** Accepts, as they stand, a task's script, params and schedule that were changed outside the plugin. */
    async accept(ctx: RequestContext) {
      const task = await tasks().accept(id(ctx), { userId: adminId(ctx) });
      ctx.body = { data: view(task) };
    },

    /**
     * Run now, as the admin who asked: answers with the finished run, or 202 with the run still
     * going after the wake-up wait (it carries on), or 409 when the task is already running.
     */
    async run(ctx: RequestContext) {
      const taskId = id(ctx);
      await tasks().findOne(taskId);
      const { dryRun = false } = (await validateYupSchema(runNowSchema)(optionalBody(ctx))) as {
        dryRun?: boolean;
      };
      const requestedBy = adminId(ctx);
      const work = getService(strapi, 'wakeups').track(
        getService(strapi, 'scheduler').runNow(taskId, { dryRun, requestedBy })
      );
      const run = await within(work, getPluginConfig(strapi).wakeWaitMs);
      // Run now still runs while the maintenance hold is on (someone asked for it), and says so.
      const hold = await getService(strapi, 'hold').refresh();
      const warning = holdWarning(hold);
      const meta = warning === null ? {} : { meta: { warning, hold } };
      if (run === null) {
        throw new ConflictError(`task ${taskId} is running; try again when it has finished`);
      }
      if (run !== 'time-up') {
        ctx.body = { data: runView(run), ...meta } satisfies AdminResponse<'POST /tasks/:id/run'>;
        return;
      }
      work.catch((error: Error) =>
        strapi.log.error(`[maintenance] run now of task ${taskId} failed: ${error.message}`)
      );
      const running = await strapi.db.query(UIDS.run).findOne({
        where: {
          taskId,
          trigger: 'manual',
          status: 'running',
          instanceId: getService(strapi, 'scheduler').instanceId,
        },
        orderBy: { id: 'desc' },
      });
      ctx.status = 202;
      ctx.body = {
        data: running ? runView(toRunRecord(running)) : { taskId, status: 'running' as const },
        ...meta,
      } satisfies AdminResponse<'POST /tasks/:id/run'>;
    },
  };
};

export default createTasksController;
