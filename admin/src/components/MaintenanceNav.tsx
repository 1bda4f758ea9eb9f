import { SubNav } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useMaintenancePermissions } from '../hooks/usePermissions';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

const base = `/plugins/${PLUGIN_ID}`;

export const MaintenanceNav = () => {
  const { formatMessage } = useIntl();
  const { canManageSettings } = useMaintenancePermissions();
  const label = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });

  return (
    <SubNav.Main aria-label={label('nav.label', 'Maintenance')}>
      <SubNav.Header label={label('plugin.name', 'Maintenance')} />
      <SubNav.Content>
        <SubNav.Sections>
          {[
            <SubNav.Section key="main" label={label('nav.section', 'Scheduled maintenance')}>
              {[
                <SubNav.Link
                  key="tasks"
                  to={`${base}/tasks`}
                  label={label('nav.tasks', 'Tasks')}
                />,
                <SubNav.Link
                  key="scripts"
                  to={`${base}/scripts`}
                  label={label('nav.scripts', 'Scripts')}
                />,
                <SubNav.Link
                  key="runs"
                  to={`${base}/runs`}
                  label={label('nav.runs', 'Run history')}
                />,
                ...(canManageSettings
                  ? [
                      <SubNav.Link
                        key="settings"
                        to={`${base}/settings`}
                        label={label('nav.settings', 'Settings')}
                      />,
                    ]
                  : []),
              ]}
            </SubNav.Section>,
          ]}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
};
