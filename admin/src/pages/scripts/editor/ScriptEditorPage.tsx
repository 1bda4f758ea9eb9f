import { Page } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';

import { useGetScriptQuery } from '../../../api/maintenance';
import { apiStatus } from '../../../api/errors';
import type { Script } from '../../../../../server/src/contracts';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';
import { ScriptEditor } from './ScriptEditor';

/** Writes a new script (`/scripts/new`) or edits one (`/scripts/:id`), read-only where it must be. */
export const ScriptEditorPage = () => {
  const { id } = useParams<{ id: string }>();
  const isNew = id === 'new';
  const scriptId = isNew ? null : Number(id);
  const t = useTranslate();
  const builtIn = useBuiltInText();

  const validId = scriptId !== null && Number.isInteger(scriptId) && scriptId >= 1;
  const { currentData: loaded, error: loadError } = useGetScriptQuery(scriptId ?? 0, {
    skip: !validId,
    refetchOnMountOrArgChange: true,
  });
  // The script as last read or saved; another address starts afresh.
  const [script, setScript] = useState<Script | null>(null);
  useEffect(() => setScript(null), [scriptId]);
  useEffect(() => {
    if (loaded) setScript(loaded);
  }, [loaded]);

  if (scriptId !== null) {
    if (!validId || (!script && loadError && apiStatus(loadError) === 404)) {
      return (
        <Page.Error
          content={t('scripts.editor.notFound', 'This script does not exist (any more).')}
        />
      );
    }
    if (!script && loadError) return <Page.Error />;
    if (!script) return <Page.Loading />;
  }

  const title = isNew
    ? t('scripts.editor.newTitle', 'New script')
    : script
      ? builtIn.script(script).name
      : t('scripts.list.title', 'Scripts');

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <ScriptEditor key={id} script={script} title={title} onSaved={setScript} />
    </Page.Main>
  );
};
