import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { TaskEditPage } from './edit/TaskEditPage';
import { TasksListPage } from './list/TasksListPage';

export const TasksRoutes = () => (
  <Routes>
    <Route index element={<TasksListPage />} />
    <Route path="new" element={<TaskEditPage key="new" />} />
    <Route path=":id" element={<TaskEditPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);
