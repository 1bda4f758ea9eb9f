import type { Core } from '@strapi/strapi';
import { UIDS } from '../../server/src/constants';

/** What the GraphQL operations need from the seeded site. */
export interface Seed {
  scriptDocumentId: string;
  taskDocumentId: string;
  runDocumentId: string;
  versionDocumentId: string;
  scriptId: number;
  taskId: number;
}

export interface Operation {
  /** The root field GraphQL shadow CRUD would generate for the type. */
  field: string;
  root: 'Query' | 'Mutation';
  /** A document that is valid whenever the field exists, so only the field's absence fails it. */
  document(seed: Seed): string;
}

interface TypeNames {
  singular: string;
  plural: string;
  typeName: string;
  documentId: (seed: Seed) => string;
  /** Inputs shadow CRUD would accept: enough to forge a row, or to change one. */
  create: (seed: Seed) => string;
  update: string;
}

/** The names shadow CRUD gives plugin types (plugin name + singular/plural name, camel-cased). */
const TYPES: TypeNames[] = [
  {
    singular: 'maintenanceScript',
    plural: 'maintenanceScripts',
    typeName: 'MaintenanceScript',
    documentId: (seed) => seed.scriptDocumentId,
    create: () => `{ name: "forged script", body: "return 'forged';" }`,
    update: `{ body: "return 'forged';" }`,
  },
  {
    singular: 'maintenanceTask',
    plural: 'maintenanceTasks',
    typeName: 'MaintenanceTask',
    documentId: (seed) => seed.taskDocumentId,
    create: (seed) => `{ name: "forged task", schedule: "* * * * *", script: ${seed.scriptId} }`,
    update: `{ schedule: "* * * * *" }`,
  },
  {
    singular: 'maintenanceRun',
    plural: 'maintenanceRuns',
    typeName: 'MaintenanceRun',
    documentId: (seed) => seed.runDocumentId,
    create: (seed) => `{ taskId: ${seed.taskId}, attempt: 1, taskName: "forged run" }`,
    update: `{ taskName: "forged run" }`,
  },
  {
    singular: 'maintenanceScriptVersion',
    plural: 'maintenanceScriptVersions',
    typeName: 'MaintenanceScriptVersion',
    documentId: (seed) => seed.versionDocumentId,
    create: (seed) => `{ scriptId: ${seed.scriptId}, version: 99, body: "return 'forged';" }`,
    update: `{ body: "return 'forged';" }`,
  },
];

/** The 24 operations shadow CRUD generates for the plugin's four collection types. */
export const MAINTENANCE_OPERATIONS: Operation[] = TYPES.flatMap((type) => [
  {
    field: type.plural,
    root: 'Query' as const,
    document: () => `{ ${type.plural} { documentId } }`,
  },
  {
    field: `${type.plural}_connection`,
    root: 'Query' as const,
    document: () => `{ ${type.plural}_connection { nodes { documentId } } }`,
  },
  {
    field: type.singular,
    root: 'Query' as const,
    document: (seed: Seed) =>
      `{ ${type.singular}(documentId: "${type.documentId(seed)}") { documentId } }`,
  },
  {
    field: `create${type.typeName}`,
    root: 'Mutation' as const,
    document: (seed: Seed) =>
      `mutation { create${type.typeName}(data: ${type.create(seed)}) { documentId } }`,
  },
  {
    field: `update${type.typeName}`,
    root: 'Mutation' as const,
    document: (seed: Seed) =>
      `mutation { update${type.typeName}(documentId: "${type.documentId(seed)}", data: ${type.update}) { documentId } }`,
  },
  {
    field: `delete${type.typeName}`,
    root: 'Mutation' as const,
    document: (seed: Seed) =>
      `mutation { delete${type.typeName}(documentId: "${type.documentId(seed)}") { documentId } }`,
  },
]);

export type ApiTokenType = 'read-only' | 'full-access' | 'custom';

/** An admin content-API token (no users-permissions needed); returns the secret to send. */
export const createApiToken = async (
  strapi: Core.Strapi,
  type: ApiTokenType,
  permissions?: string[]
): Promise<string> => {
  const token = (await strapi.service('admin::api-token').create({
    name: `${type} ${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    description: 'integration test',
    type,
    lifespan: null,
    kind: 'content-api',
    ...(permissions ? { permissions } : {}),
  })) as { accessKey: string };
  return token.accessKey;
};

/** Every row of the plugin's four tables, to prove a request changed nothing. */
export const snapshotTables = async (strapi: Core.Strapi) =>
  Object.fromEntries(
    await Promise.all(
      Object.values(UIDS).map(async (uid) => [
        uid,
        await strapi.db.query(uid).findMany({ orderBy: { id: 'asc' } }),
      ])
    )
  );
