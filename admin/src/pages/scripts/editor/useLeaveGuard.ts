import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, useNavigate } from 'react-router-dom';

/**
 * Asks before unsaved changes are lost: leaving for another page of the admin (the blocker, which
 * the page answers with a dialog) or closing the tab (the browser's own question). `go` navigates
 * on purpose, past the question (after a save, a duplicate, a delete).
 */
export const useLeaveGuard = (unsaved: boolean) => {
  const navigate = useNavigate();
  const leaving = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && !leaving.current && currentLocation.pathname !== nextLocation.pathname
  );
  useEffect(() => {
    if (!unsaved) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  const go = useCallback(
    (path: string, replace = false) => {
      leaving.current = true;
      navigate(path, { replace });
    },
    [navigate]
  );
  return { blocker, go };
};
