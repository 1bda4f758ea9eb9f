// Jest globalSetup of the integration suite: compiles the playground (once, before any worker
// starts) and makes the run's template database, which every test file's site is copied from
// (tests/helpers/template-database.ts). Workers start after this and inherit its variable.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { provisionDatabase, selectedClient } from '../helpers/database';
import { startStrapi } from '../helpers/strapi';
import {
  describeMysqlTables,
  forgetPlugin,
  saveTemplate,
  templateFile,
} from '../helpers/template-database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const compilePlayground = require('./compile-playground.js') as () => Promise<void>;

export default async () => {
  await compilePlayground();
  const client = selectedClient();
  const database = await provisionDatabase(client);
  const dir = path.resolve(__dirname, '..', '..', '.tmp', `jest-template-${process.pid}`);
  const site = await startStrapi({ MAINTENANCE_AUTO_RUN: 'false' }, { database });
  try {
    await forgetPlugin(site.strapi);
    const tables = client === 'mysql' ? await describeMysqlTables(site.strapi) : undefined;
    mkdirSync(dir, { recursive: true });
    saveTemplate(
      {
        client,
        source: client === 'sqlite' ? database.env.DATABASE_FILENAME : database.name,
        tables,
      },
      templateFile(dir, client)
    );
  } finally {
    await site.stop();
  }
  (globalThis as { dropTemplate?: () => Promise<void> }).dropTemplate = async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
};
