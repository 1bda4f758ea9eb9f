export interface ServerSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  adminDatabase: string;
}

export function serverSettings(client: 'postgres' | 'mysql'): ServerSettings;
export function adminStatement(client: 'postgres' | 'mysql', sql: string): Promise<void>;
export function unavailableReason(client: 'sqlite' | 'postgres' | 'mysql'): Promise<string | null>;
export function serverDatabaseEnv(
  client: 'postgres' | 'mysql',
  name: string
): Record<string, string>;
