import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { ScriptEditorPage } from './editor/ScriptEditorPage';
import { ScriptsListPage } from './ScriptsListPage';

export const ScriptsRoutes = () => (
  <Routes>
    <Route index element={<ScriptsListPage />} />
    <Route path=":id" element={<ScriptEditorPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);
