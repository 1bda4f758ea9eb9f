import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../utils/plugin-config';
import { ScriptCallError } from './types';
import type { ReachableContentType } from '../contracts';

export interface ReachableType {
  uid: string;
  draftAndPublish: boolean;
  /** Attributes a script may read, filter and sort on: no private or password fields. */
  visible: Set<string>;
  /** Date-like attributes deleteOlderThan can measure age by. */
  dates: Set<string>;
  /** Attributes of type `date` (a day, no time), compared by their YYYY-MM-DD value. */
  dayOnly: Set<string>;
}

/**
 * Scripts reach the site's own `api::` content types, plus plugin types the site lists in
 * `scripts.extraContentTypes`; never admin types, nor this plugin's own (ctx.runs covers those).
 */
export const reachableType = (strapi: Core.Strapi, call: string, uid: unknown): ReachableType => {
  if (typeof uid !== 'string')
    throw new ScriptCallError(
      `${call}: the first argument must be a content-type uid such as 'api::article.article'`
    );
  const { extraContentTypes } = getPluginConfig(strapi).scripts;
  const allowed = uid.startsWith('api::') || extraContentTypes.includes(uid);
  const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as
    | {
        kind: string;
        options?: { draftAndPublish?: boolean };
        attributes: Record<string, { type: string; private?: boolean }>;
      }
    | undefined;
  if (
    !allowed ||
    !contentType ||
    uid.startsWith('admin::') ||
    uid.startsWith('plugin::maintenance.')
  ) {
    throw new ScriptCallError(
      `${call}: content type "${uid}" is not available to scripts (the site's api:: types are; others must be listed in the plugin's scripts.extraContentTypes)`
    );
  }
  const visible = new Set<string>(['id', 'documentId', 'locale']);
  const dates = new Set<string>();
  const dayOnly = new Set<string>();
  for (const [name, attribute] of Object.entries(contentType.attributes)) {
    if (attribute.private || attribute.type === 'password') continue;
    if (['relation', 'media', 'component', 'dynamiczone'].includes(attribute.type)) continue;
    visible.add(name);
    if (attribute.type === 'date' || attribute.type === 'datetime') dates.add(name);
    if (attribute.type === 'date') dayOnly.add(name);
  }
  return {
    uid,
    draftAndPublish: Boolean(contentType.options?.draftAndPublish),
    visible,
    dates,
    dayOnly,
  };
};

/** A cutoff as the filter value the attribute is stored as: a day for `date`, else an instant. */
export const dateFilterValue = (type: ReachableType, field: string, instant: Date) =>
  type.dayOnly.has(field) ? instant.toISOString().slice(0, 10) : instant.toISOString();

/** Every content type scripts may reach on this site, in uid order. */
export const reachableUids = (strapi: Core.Strapi): string[] => {
  const { extraContentTypes } = getPluginConfig(strapi).scripts;
  return Object.keys(strapi.contentTypes)
    .filter(
      (uid) =>
        (uid.startsWith('api::') || extraContentTypes.includes(uid)) &&
        !uid.startsWith('admin::') &&
        !uid.startsWith('plugin::maintenance.')
    )
    .sort();
};

/** The reachable types with their names, for the script editor's uid completion. */
export const reachableContentTypes = (strapi: Core.Strapi): ReachableContentType[] =>
  reachableUids(strapi).map((uid) => {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as {
      kind?: string;
      info?: { displayName?: string };
    };
    return {
      uid,
      displayName: contentType.info?.displayName ?? uid,
      kind: contentType.kind === 'singleType' ? 'singleType' : 'collectionType',
    };
  });
