/**
 * Export and import, the pure part: the export file's name, and an import plan laid out as the
 * preview table shows it. No React, no Strapi.
 */
import type { ImportAction, ImportItem, ImportPlan } from '../../../../server/src/contracts';

export type PreviewKind = 'script' | 'task';
/** What the preview shows for an item: its action, or `invalid` when it carries errors. */
export type PreviewAction = ImportAction | 'invalid';

export interface PreviewRow {
  kind: PreviewKind;
  name: string;
  action: PreviewAction;
  /** The fields an update changes, the reason for a skip, or the problems of an invalid item. */
  detail: string;
}

export interface PreviewGroup {
  action: PreviewAction;
  rows: PreviewRow[];
}

/** The order of the preview's groups: problems first, then what changes, then the rest. */
export const PREVIEW_ORDER: PreviewAction[] = ['invalid', 'create', 'update', 'skip', 'unchanged'];

const detailOf = (item: ImportItem) => {
  if (item.errors && item.errors.length > 0) {
    return item.errors
      .map((problem) =>
        problem.path.length > 0 ? `${problem.path.join('.')}: ${problem.message}` : problem.message
      )
      .join('; ');
  }
  if (item.action === 'update') return (item.changes ?? []).join(', ');
  if (item.action === 'skip') return item.reason ?? '';
  return '';
};

const rowOf = (kind: PreviewKind, item: ImportItem): PreviewRow => ({
  kind,
  name: item.name,
  action: item.errors && item.errors.length > 0 ? 'invalid' : item.action,
  detail: detailOf(item),
});

/**
 * The plan's items grouped by what the import does to them, in PREVIEW_ORDER; within a group,
 * scripts before tasks (a task may need a script of the file), each in the file's order. Empty
 * groups are left out.
 */
export const previewGroups = (plan: ImportPlan): PreviewGroup[] => {
  const rows = [
    ...plan.scripts.map((item) => rowOf('script', item)),
    ...plan.tasks.map((item) => rowOf('task', item)),
  ];
  return PREVIEW_ORDER.map((action) => ({
    action,
    rows: rows.filter((row) => row.action === action),
  })).filter((group) => group.rows.length > 0);
};

/** Whether confirming would change anything (a valid plan with something to create or update). */
export const planChangesSomething = (plan: ImportPlan) =>
  plan.valid && plan.summary.create + plan.summary.update > 0;

/** Tasks the import would create or update: they arrive disabled. */
export const tasksArrivingDisabled = (plan: ImportPlan) =>
  plan.tasks.filter(
    (item) => !(item.errors && item.errors.length > 0) && ['create', 'update'].includes(item.action)
  ).length;

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/**
 * `maintenance-<site>-<YYYY-MM-DD>.json`: the site from its host name (a port is kept, so two
 * local sites differ), the day from the file's `exportedAt` (UTC, like the server's own name),
 * or from `now` when that is missing.
 */
export const exportFileName = (host: string, exportedAt: string | undefined, now = Date.now()) => {
  const parsed = exportedAt ? Date.parse(exportedAt) : Number.NaN;
  const day = new Date(Number.isNaN(parsed) ? now : parsed).toISOString().slice(0, 10);
  const site = slug(host);
  return `maintenance-${site ? `${site}-` : ''}${day}.json`;
};

export type ReadFileResult = { ok: true; value: unknown } | { ok: false; message: string };

/** The picked file's text as JSON; the server checks everything else. */
export const parseImportFile = (text: string): ReadFileResult => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};
