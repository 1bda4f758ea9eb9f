import { searchWithFilter, searchWithoutFilters } from '../../admin/src/utils/searchFilters';

describe('list filters in the URL', () => {
  test('Given a list on page 3, when a filter is set, then it is in the query and the list is back on page 1', () => {
    expect(searchWithFilter('?page=3&pageSize=50', 'status', 'failed')).toBe(
      'pageSize=50&status=failed'
    );
  });

  test('Given a filter in the query, when it is set to no value, then it is removed', () => {
    expect(searchWithFilter('status=failed&task=4', 'status', undefined)).toBe('task=4');
  });

  test('Given several filters and a page size, when the filters are cleared, then only the page size stays', () => {
    expect(
      searchWithoutFilters('task=4&status=failed&page=2&pageSize=50', ['task', 'status'])
    ).toBe('pageSize=50');
  });

  test('Given the run history at a cursor, when a filter is set or they are cleared, then it is back on its newest page', () => {
    expect(searchWithFilter('cursor=abc&pageSize=50', 'status', 'failed')).toBe(
      'pageSize=50&status=failed'
    );
    expect(searchWithoutFilters('cursor=last&status=failed', ['status'])).toBe('');
  });
});
