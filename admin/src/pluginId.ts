export const PLUGIN_ID = 'maintenance';
