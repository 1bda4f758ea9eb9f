/**
 * `npm run bench` compares the plugin's public route with this one: a bare content-API route of
 * the same site that does one indexed query, with Strapi's authentication off like the plugin's.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/bench/ping',
      handler: 'bench.ping',
      config: { auth: false },
    },
  ],
};
