import type { Core } from '@strapi/strapi';
import { validateYupSchema, yup } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { adminId, optionalBody, pathId, type RequestContext } from '../utils/http';
import type { AdminResponse } from '../contracts';
import { scriptView, versionView } from '../utils/views';
import { validateScriptInput } from '../validation/script';
import type { ScriptRecord } from '../services/scripts';
import { noUnknown } from '../validation/no-unknown';
import { reachableContentTypes } from '../context-api/content-types';

const validateBodySchema = yup
  .object()
  .typeError('the body must be a JSON object')
  .required('the body must be a JSON object')
  .shape({ body: yup.string().typeError('body must be a string').required('body is required') })
  .test(noUnknown());

const createScriptsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const scripts = () => getService(strapi, 'scripts');
  const history = () => getService(strapi, 'history');
  const id = (ctx: RequestContext) => pathId(ctx, 'id', 'script');

  /** Every route that answers one script answers it so (AdminResponse<'GET /scripts/:id'>). */
  const view = async (script: ScriptRecord) =>
    scriptView(script, {
      integrity: scripts().integrity(script),
      tasks: await scripts().usedBy(script.id),
      withBody: true,
    });

  return {
    async find(ctx: RequestContext) {
      const [all, usage] = await Promise.all([scripts().findMany(), scripts().usage()]);
      ctx.body = {
        data: all.map((script) =>
          scriptView(script, {
            integrity: scripts().integrity(script),
            tasks: usage.get(script.id) ?? [],
          })
        ),
      } satisfies AdminResponse<'GET /scripts'>;
    },

    async findOne(ctx: RequestContext) {
      ctx.body = { data: await view(await scripts().findOne(id(ctx))) };
    },

    async create(ctx: RequestContext) {
      const script = await scripts().create(ctx.request.body, { userId: adminId(ctx) });
      ctx.status = 201;
      ctx.body = { data: await view(script) };
    },

    async update(ctx: RequestContext) {
      const script = await scripts().update(id(ctx), ctx.request.body, { userId: adminId(ctx) });
      ctx.body = { data: await view(script) };
    },

    async delete(ctx: RequestContext) {
      const script = await scripts().delete(id(ctx));
      ctx.body = {
        data: scriptView(script, { integrity: scripts().integrity(script), tasks: [] }),
      } satisfies AdminResponse<'DELETE /scripts/:id'>;
    },

    /** Compiles a body without saving or running it: 200 when it compiles, else the save's 400. */
    async validate(ctx: RequestContext) {
      const { body } = (await validateYupSchema(validateBodySchema)(ctx.request.body)) as {
        body: string;
      };
      // As an update of nothing: only the body is checked (size, then syntax).
      await validateScriptInput(strapi, { body }, { id: 0 });
      ctx.body = { data: { valid: true } } satisfies AdminResponse<'POST /scripts/validate'>;
    },

    async testRun(ctx: RequestContext) {
      const outcome = await scripts().testRun(id(ctx), optionalBody(ctx), {
        userId: adminId(ctx),
      });
      ctx.body = { data: outcome } satisfies AdminResponse<'POST /scripts/:id/test-run'>;
    },

    async review(ctx: RequestContext) {
      ctx.body = {
        data: await scripts().review(id(ctx)),
      } satisfies AdminResponse<'GET /scripts/:id/review'>;
    },

    async accept(ctx: RequestContext) {
      const script = await scripts().accept(id(ctx), { userId: adminId(ctx) });
      ctx.body = { data: await view(script) };
    },

    async restoreSigned(ctx: RequestContext) {
      const script = await scripts().restoreSigned(id(ctx), { userId: adminId(ctx) });
      ctx.body = { data: await view(script) };
    },

    async versions(ctx: RequestContext) {
      const script = await scripts().findOne(id(ctx));
      const versions = await history().list(script.id);
      const authors = await history().authorNames(versions);
      ctx.body = {
        data: versions.map((version) =>
          versionView(version, { current: version.version === script.version, authors })
        ),
      } satisfies AdminResponse<'GET /scripts/:id/versions'>;
    },

    async version(ctx: RequestContext) {
      const script = await scripts().findOne(id(ctx));
      const saved = await history().findOne(script.id, pathId(ctx, 'version', 'version'));
      ctx.body = {
        data: versionView(saved, {
          current: saved.version === script.version,
          integrity: history().integrity(saved),
          authors: await history().authorNames([saved]),
        }),
      } satisfies AdminResponse<'GET /scripts/:id/versions/:version'>;
    },

    /** What ctx.entries may reach here: the same rule the scripts' calls are checked by. */
    async contentTypes(ctx: RequestContext) {
      ctx.body = {
        data: reachableContentTypes(strapi),
      } satisfies AdminResponse<'GET /content-types'>;
    },

    async restore(ctx: RequestContext) {
      const script = await scripts().restore(id(ctx), pathId(ctx, 'version', 'version'), {
        userId: adminId(ctx),
      });
      ctx.body = { data: await view(script) };
    },
  };
};

export default createScriptsController;
