/**
 * Filters kept in a list page's URL query, so that a filtered list can be linked to and survives a
 * reload. Pure: URL query text in, URL query text out.
 */

/** Where a list is in its pages: a page number, or a cursor (the run history). */
const PLACE = ['page', 'cursor'];

/** The query with one filter set (or removed, for no value), back on the first page. */
export const searchWithFilter = (search: string, key: string, value: string | undefined) => {
  const params = new URLSearchParams(search);
  if (value) params.set(key, value);
  else params.delete(key);
  for (const place of PLACE) params.delete(place);
  return params.toString();
};

/** The query without these filters, back on the first page; other parameters stay. */
export const searchWithoutFilters = (search: string, keys: readonly string[]) => {
  const params = new URLSearchParams(search);
  for (const key of [...keys, ...PLACE]) params.delete(key);
  return params.toString();
};
