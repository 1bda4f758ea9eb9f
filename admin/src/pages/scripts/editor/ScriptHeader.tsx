import { Button, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft, Check, Duplicate, Trash } from '@strapi/icons';
import { Layouts } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

import type { Script } from '../../../../../server/src/contracts';
import { IntegrityBadge, OriginBadges } from '../../../components/scripts/ScriptBadges';
import { SCRIPTS_PATH } from '../../../components/scripts/useScriptActions';
import { useTranslate } from '../../../hooks/useTranslate';

/** What the script is (version, integrity, origin, the tasks using it) and what can be done with it. */
const ScriptSubtitle = ({ script }: { script: Script }) => {
  const t = useTranslate();
  return (
    <Flex gap={2} wrap="wrap" tag="span">
      <Typography textColor="neutral600" data-testid="script-version">
        {t('scripts.editor.version', 'Version {version}', { version: script.version })}
      </Typography>
      <IntegrityBadge integrity={script.integrity} />
      <OriginBadges script={script} />
      <Typography textColor="neutral600">
        {script.tasks.length === 0
          ? t('scripts.editor.noTasks', 'used by no task')
          : t('scripts.editor.usedBy', 'used by {tasks}', {
              tasks: script.tasks.map((task) => task.name).join(', '),
            })}
      </Typography>
    </Flex>
  );
};

/**
 * The editor's header: back to the list, the title, Save (a submit button of the form) and, for a
 * saved script, duplicate and delete as the role allows.
 */
export const ScriptHeader = ({
  title,
  script,
  readOnly,
  locked,
  canManage,
  canSave,
  saving,
  onDuplicate,
  onDelete,
}: {
  title: string;
  script: Script | null;
  readOnly: boolean;
  /** Built-in or managed in code: read-only for everyone, duplicated to be changed. */
  locked: boolean;
  canManage: boolean;
  canSave: boolean;
  saving: boolean;
  onDuplicate: () => void;
  onDelete: () => void;
}) => {
  const t = useTranslate();
  return (
    <Layouts.Header
      navigationAction={
        <Link tag={NavLink} to={SCRIPTS_PATH} startIcon={<ArrowLeft />}>
          {t('scripts.editor.back', 'Scripts')}
        </Link>
      }
      title={title}
      subtitle={
        script ? (
          <ScriptSubtitle script={script} />
        ) : (
          t('scripts.editor.newSubtitle', 'Write the script, then save it to test it.')
        )
      }
      primaryAction={
        readOnly ? undefined : (
          <Button type="submit" startIcon={<Check />} loading={saving} disabled={!canSave}>
            {t('scripts.editor.save', 'Save')}
          </Button>
        )
      }
      secondaryAction={
        script && canManage ? (
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<Duplicate />} onClick={onDuplicate}>
              {locked
                ? t('scripts.editor.duplicateToEdit', 'Duplicate to edit')
                : t('scripts.editor.duplicate', 'Duplicate')}
            </Button>
            {!locked ? (
              <Button variant="danger-light" startIcon={<Trash />} onClick={onDelete}>
                {t('scripts.editor.delete', 'Delete')}
              </Button>
            ) : null}
          </Flex>
        ) : undefined
      }
    />
  );
};
