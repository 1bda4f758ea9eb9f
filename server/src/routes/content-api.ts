/**
 * The public wake-up route, /api/maintenance/runMaintenanceTasks. Strapi's own authentication is
 * off for it: who may call it is the plugin's trigger mode (open, token or disabled).
 */
const wake = (method: 'GET' | 'POST') => ({
  method,
  path: '/runMaintenanceTasks',
  handler: 'wakeups.run',
  config: { auth: false as const },
});

export default {
  type: 'content-api',
  routes: [
    wake('GET'),
    wake('POST'),
    // The watchdog for uptime monitors; the same trigger mode decides who may ask.
    { method: 'GET', path: '/health', handler: 'health.check', config: { auth: false as const } },
    // Prometheus metrics (issue 17), protected as the watchdog is.
    { method: 'GET', path: '/metrics', handler: 'metrics.get', config: { auth: false as const } },
  ],
};
