import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { RunDetailPage } from './RunDetailPage';
import { RunsListPage } from './RunsListPage';

/** runs (history across tasks, `?task=<id>` for one task's) and runs/:id (one run with its log). */
export const RunsRoutes = () => (
  <Routes>
    <Route index element={<RunsListPage />} />
    <Route path=":id" element={<RunDetailPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);
