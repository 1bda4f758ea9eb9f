/**
 * How the command line prints for people (with --json it prints the data as it is). Pure.
 */

export const iso = (epochMs: number | null | undefined) =>
  epochMs === null || epochMs === undefined ? null : new Date(epochMs).toISOString();

/** Columns padded to their widest cell; `-` for an empty one. */
export const table = (header: string[], rows: Array<Array<string | number | null>>): string => {
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell)))),
  ];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
    )
    .join('\n');
};

/** A run's log as lines (`2027-03-01T01:00:00.000Z info  message`). */
export const logLines = (log: unknown): string[] =>
  Array.isArray(log)
    ? log.map((entry: { at?: number; level?: string; message?: string }) =>
        `${iso(entry.at) ?? ''} ${(entry.level ?? '').padEnd(5)} ${entry.message ?? ''}`.trim()
      )
    : [];
