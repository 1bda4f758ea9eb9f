export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS') },
  // Strapi's check for a newer release; the tests and benchmarks turn it off (UPDATE_NOTIFIER=false)
  // as they boot hundreds of instances. (Strapi 5 no longer reads STRAPI_DISABLE_UPDATE_NOTIFICATION.)
  logger: { updates: { enabled: env.bool('UPDATE_NOTIFIER', true) } },
});
