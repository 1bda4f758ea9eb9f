import type { UID } from '@strapi/strapi';
import {
  DAY_MS,
  booleanOption,
  nonNegativeNumber,
  optionsObject,
  positiveInteger,
} from './arguments';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

export const MAX_AUTH_BATCH = 1000;

const SESSION_UID = 'admin::session';
const API_TOKEN_UID = 'admin::api-token';
const TRANSFER_TOKEN_UID = 'admin::transfer-token';

interface TokenRow {
  id: number;
  name: string;
  expiresAt: string;
}

/**
 * What "expired" means in Strapi 5.54 (admin/src/services, core/services/session-manager):
 * - a session (admin and users-permissions refresh sessions share `admin::session`) is dead once
 *   its idle expiry `expiresAt` has passed: Strapi refuses it for refresh and for the access
 *   tokens issued from it. Past its family's `absoluteExpiresAt` it can no longer be refreshed,
 *   but an access token issued just before is checked only against `expiresAt`, so such a
 *   session goes only once that token has expired too (Strapi's own clean-up, run on every 50th
 *   login, deletes it at once). A rotated session stays until then for the same reason.
 * - an API or transfer token with an `expiresAt` in the past is refused ("Token expired") and
 *   cannot be given a new expiry, only regenerated with the same one; a token without
 *   `expiresAt` never expires and is never touched. Tokens go through Strapi's own revoke, so
 *   their permissions go with them.
 */
export const authMethods = ({ strapi, dryRun }: RunContext): HostMethods => {
  /** How long an access token outlives the absolute expiry of the session it came from. */
  const accessTokenMarginMs = () => {
    const seconds = Number(strapi.config.get('admin.auth.sessions.accessTokenLifespan', 30 * 60));
    return Math.max(DAY_MS, Number.isFinite(seconds) ? seconds * 1000 : 0);
  };

  const sessions = async (now: Date, limit: number) => {
    const where = {
      $or: [
        { expiresAt: { $lt: now } },
        { absoluteExpiresAt: { $lt: new Date(now.getTime() - accessTokenMarginMs()) } },
      ],
    };
    const query = strapi.db.query(SESSION_UID);
    const matching = await query.count({ where });
    if (dryRun) return { wouldDelete: Math.min(matching, limit), matching };
    const ids = (
      (await query.findMany({ where, select: ['id'], orderBy: { id: 'asc' }, limit })) as Array<{
        id: number;
      }>
    ).map((row) => row.id);
    if (ids.length > 0) await query.deleteMany({ where: { id: { $in: ids } } });
    return { deleted: ids.length, matching, remaining: Math.max(0, matching - ids.length) };
  };

  const tokens = async (
    uid: string,
    revoke: (id: number) => Promise<unknown>,
    cutoff: Date,
    limit: number
  ) => {
    const query = strapi.db.query(uid);
    const where = { expiresAt: { $notNull: true, $lt: cutoff } };
    const matching = await query.count({ where });
    const rows = (await query.findMany({
      where,
      select: ['id', 'name', 'expiresAt'],
      orderBy: { id: 'asc' },
      limit,
    })) as TokenRow[];
    const listed = rows.map(({ id, name, expiresAt }) => ({
      id,
      name,
      expiresAt: new Date(expiresAt).toISOString(),
    }));
    if (dryRun) return { wouldDelete: listed, matching };
    for (const row of rows) await revoke(row.id);
    return { deleted: listed, matching, remaining: Math.max(0, matching - rows.length) };
  };

  return {
    async 'auth.purgeExpired'(options?: unknown) {
      const call = 'ctx.auth.purgeExpired';
      const opts = optionsObject(call, options);
      const kinds = {
        sessions: booleanOption(call, 'sessions', opts.sessions, true),
        apiTokens: booleanOption(call, 'apiTokens', opts.apiTokens, true),
        transferTokens: booleanOption(call, 'transferTokens', opts.transferTokens, true),
      };
      if (!kinds.sessions && !kinds.apiTokens && !kinds.transferTokens) {
        throw new ScriptCallError(
          `${call}: sessions, apiTokens and transferTokens are all false, so there is nothing to purge`
        );
      }
      const graceDays =
        opts.tokenGraceDays === undefined
          ? 0
          : nonNegativeNumber(call, 'tokenGraceDays', opts.tokenGraceDays, 3650);
      const limit = positiveInteger(call, 'limit', opts.limit, {
        fallback: 100,
        max: MAX_AUTH_BATCH,
      });
      const now = new Date();
      const tokenCutoff = new Date(now.getTime() - graceDays * DAY_MS);
      const admin = (name: string) => strapi.service(name as UID.Service) as unknown;

      const result: Record<string, unknown> = {
        dryRun,
        now: now.toISOString(),
        tokenCutoff: tokenCutoff.toISOString(),
      };
      if (kinds.sessions) result.sessions = await sessions(now, limit);
      if (kinds.apiTokens) {
        const service = admin('admin::api-token') as { revoke(id: number): Promise<unknown> };
        result.apiTokens = await tokens(
          API_TOKEN_UID,
          (id) => service.revoke(id),
          tokenCutoff,
          limit
        );
      }
      if (kinds.transferTokens) {
        const service = admin('admin::transfer') as {
          token: { revoke(id: number): Promise<unknown> };
        };
        result.transferTokens = await tokens(
          TRANSFER_TOKEN_UID,
          (id) => service.token.revoke(id),
          tokenCutoff,
          limit
        );
      }
      return result;
    },
  };
};
