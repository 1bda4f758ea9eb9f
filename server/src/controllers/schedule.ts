import type { Core } from '@strapi/strapi';
import { yup } from '@strapi/utils';
import type { AdminResponse } from '../contracts';
import {
  jitterOffsetMs,
  MAX_JITTER_SECONDS,
  MAX_PREVIEW_COUNT,
  previewSchedule,
  type PreviewSlot,
} from '../scheduling';
import type { RequestContext } from '../utils/http';
import { getPluginConfig } from '../utils/plugin-config';
import { instantParam } from '../validation/list-queries';
import { noUnknown } from '../validation/no-unknown';
import { validateKeyed } from '../validation/keyed';

const previewQuery = yup
  .object({
    expression: yup
      .string()
      .typeError('expression must be a cron expression')
      .max(200, 'expression must be at most 200 characters')
      .required('expression is required'),
    timezone: yup.string().typeError('timezone must be an IANA time zone name').max(64),
    count: yup
      .number()
      .typeError('count must be a whole number')
      .integer('count must be a whole number')
      .min(1, 'count must be at least 1')
      .max(MAX_PREVIEW_COUNT, `count must be at most ${MAX_PREVIEW_COUNT}`),
    from: instantParam('from'),
    startAt: instantParam('startAt'),
    endAt: instantParam('endAt'),
    jitter: yup
      .number()
      .typeError('jitter must be a whole number of seconds')
      .integer('jitter must be a whole number of seconds')
      .min(0, 'jitter must be at least 0')
      .max(MAX_JITTER_SECONDS, `jitter must be at most ${MAX_JITTER_SECONDS}`),
    key: yup.string().typeError('key must be a task documentId').max(64),
    locale: yup
      .string()
      .typeError('locale must be a language tag')
      .matches(
        /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/,
        'locale must be a language tag such as fr or pt-BR'
      ),
  })
  .test(noUnknown('query parameter'));

/** A sentence for a slot the admin panel should flag, in the slot's own zone. */
const dstNote = (slot: PreviewSlot, timeZone: string) => {
  switch (slot.dstChange) {
    case 'gap-shifted':
      return `${slot.scheduledLocal} does not exist in ${timeZone} that day (the clocks go forward); the run happens at ${slot.local}`;
    case 'overlap':
      return `${slot.local} happens twice in ${timeZone} that day (the clocks go back); this is the one at UTC${slot.offset}`;
    case 'offset-change':
      return `${timeZone} changes its UTC offset that day`;
    default:
      return undefined;
  }
};

const createScheduleController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Expression and zone → validity, a description and the next slots in UTC and local time, each
   * flagged when it falls on a daylight-saving change. An invalid expression is an answer (200,
   * `valid: false`), not an error: the admin panel shows it while the user types.
   */
  async preview(ctx: RequestContext) {
    const query = (await validateKeyed(previewQuery, { strict: false })(ctx.query)) as {
      expression: string;
      timezone?: string;
      count?: number;
      from?: number;
      startAt?: number;
      endAt?: number;
      locale?: string;
      jitter?: number;
      key?: string;
    };
    const offsetMs =
      query.jitter && query.key !== undefined ? jitterOffsetMs(query.key, query.jitter) : 0;
    const preview = previewSchedule(
      query.expression,
      query.timezone ?? getPluginConfig(strapi).timezone,
      query.from ?? Date.now(),
      query.count ?? 10,
      { locale: query.locale, startAt: query.startAt, endAt: query.endAt, offsetMs }
    );
    const noted = (slot: PreviewSlot, timeZone: string) => {
      const note = dstNote(slot, timeZone);
      return note ? { ...slot, note } : slot;
    };
    ctx.body = {
      data: preview.valid
        ? {
            ...preview,
            next: preview.next.map((slot) => noted(slot, preview.timeZone)),
            nextDstSlot: preview.nextDstSlot && noted(preview.nextDstSlot, preview.timeZone),
            ...(query.jitter
              ? { jitterOffsetSeconds: query.key === undefined ? null : offsetMs / 1000 }
              : {}),
          }
        : preview,
    } satisfies AdminResponse<'GET /schedule/preview'>;
  },
});

export default createScheduleController;
