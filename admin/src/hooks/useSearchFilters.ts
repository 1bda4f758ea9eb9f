import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

import { searchWithFilter, searchWithoutFilters } from '../utils/searchFilters';

/** Setting and clearing a list page's filters in its URL (the list reads them from there). */
export const useSearchFilters = (keys: readonly string[]) => {
  const navigate = useNavigate();
  const { search } = useLocation();
  const setFilter = useCallback(
    (key: string, value: string | undefined) =>
      navigate({ search: searchWithFilter(search, key, value) }),
    [navigate, search]
  );
  const clearFilters = useCallback(
    () => navigate({ search: searchWithoutFilters(search, keys) }),
    [navigate, search, keys]
  );
  return { setFilter, clearFilters };
};
