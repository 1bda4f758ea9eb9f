import { useEffect, type RefObject } from 'react';

/**
 * Ctrl+S (Cmd+S) submits the form, as in a code editor, while it has something to save; the
 * browser's own "save page" is kept from opening either way.
 */
export const useSaveShortcut = (formRef: RefObject<HTMLFormElement | null>, canSave: boolean) => {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      if (canSave) formRef.current?.requestSubmit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canSave, formRef]);
};
