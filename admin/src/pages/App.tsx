import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';

import { HealthBanner } from '../components/HealthBanner';
import { MaintenanceNav } from '../components/MaintenanceNav';
import { PERMISSIONS } from '../permissions';
import { RunsRoutes } from './runs/RunsRoutes';
import { ScriptsRoutes } from './scripts/ScriptsRoutes';
import { SettingsPage } from './settings/SettingsPage';
import { TasksRoutes } from './tasks/TasksRoutes';

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Layouts.Root sideNav={<MaintenanceNav />}>
      <HealthBanner />
      <Routes>
        <Route index element={<Navigate to="tasks" replace />} />
        <Route path="tasks/*" element={<TasksRoutes />} />
        <Route path="scripts/*" element={<ScriptsRoutes />} />
        <Route path="runs/*" element={<RunsRoutes />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Layouts.Root>
  </Page.Protect>
);

export default App;
