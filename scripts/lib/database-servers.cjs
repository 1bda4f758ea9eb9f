'use strict';

// Where the PostgreSQL and MariaDB/MySQL test servers are, and whether they answer. Shared by the
// test runner (scripts/test.mjs) and the jest helpers (tests/helpers/database.ts).

const serverSettings = (client) =>
  client === 'postgres'
    ? {
        host: process.env.TEST_PG_HOST ?? '127.0.0.1',
        port: Number(process.env.TEST_PG_PORT ?? 5432),
        user: process.env.TEST_PG_USER ?? 'postgres',
        password: process.env.TEST_PG_PASSWORD ?? '',
        adminDatabase: 'postgres',
      }
    : {
        host: process.env.TEST_MYSQL_HOST ?? '127.0.0.1',
        port: Number(process.env.TEST_MYSQL_PORT ?? 3306),
        user: process.env.TEST_MYSQL_USER ?? 'root',
        password: process.env.TEST_MYSQL_PASSWORD ?? '',
        adminDatabase: 'mysql',
      };

/** What the playground's config/database.js reads to reach database `name` on the server. */
const serverDatabaseEnv = (client, name) => {
  const settings = serverSettings(client);
  return {
    DATABASE_CLIENT: client,
    DATABASE_HOST: settings.host,
    DATABASE_PORT: String(settings.port),
    DATABASE_NAME: name,
    DATABASE_USERNAME: settings.user,
    DATABASE_PASSWORD: settings.password,
  };
};

/** Runs one statement on the server's administrative database, outside any Strapi instance. */
const adminStatement = async (client, sql) => {
  const { adminDatabase, ...settings } = serverSettings(client);
  if (client === 'postgres') {
    const { Client } = require('pg');
    const connection = new Client({
      ...settings,
      database: adminDatabase,
      connectionTimeoutMillis: 5000,
    });
    await connection.connect();
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
    return;
  }
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ ...settings, connectTimeout: 5000 });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
};

/** Why a database server cannot be used, or null when it answers. */
const unavailableReason = async (client) => {
  if (client === 'sqlite') return null;
  try {
    await adminStatement(client, 'SELECT 1');
    return null;
  } catch (error) {
    const { host, port } = serverSettings(client);
    return `${client} on ${host}:${port} did not answer (${error.message})`;
  }
};

module.exports = { serverSettings, serverDatabaseEnv, adminStatement, unavailableReason };
