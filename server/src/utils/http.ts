import { errors } from '@strapi/utils';

/** The part of Koa's context the plugin's controllers use. */
export interface RequestContext {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  url: string;
  request: { body?: unknown; headers: Record<string, string | string[] | undefined> };
  state: { user?: { id: number }; userAbility?: { can(action: string): boolean } };
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

/** A path id that is not a positive whole number names nothing: 404, like an unknown one. */
export const pathId = (ctx: RequestContext, name = 'id', label = 'entry'): number => {
  const raw = ctx.params[name] ?? '';
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new errors.NotFoundError(`${label} ${raw} not found`);
  return Number(raw);
};

export const adminId = (ctx: RequestContext): number | undefined => ctx.state.user?.id;

/** A body the client may leave out entirely. */
export const optionalBody = (ctx: RequestContext): unknown => ctx.request.body ?? {};
