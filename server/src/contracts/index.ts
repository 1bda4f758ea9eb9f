/**
 * The plugin's contracts: one module imported by the server and the admin panel (request and
 * answer types, statuses, triggers, the task field list). Types only, apart from the constant
 * lists, so that it costs the admin bundle next to nothing.
 */
export * from './enums';
export * from './task-fields';
export * from './entities';
export * from './requests';
export * from './routes';
export * from './message-keys';
