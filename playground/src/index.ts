import type { Core } from '@strapi/strapi';

export default {
  register() {},

  /**
   * Demo only: `npm run demo` passes a login through the environment so that a fresh clone has an
   * administrator to sign in with. The plugin itself never creates users.
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const email = process.env.DEMO_ADMIN_EMAIL;
    const password = process.env.DEMO_ADMIN_PASSWORD;
    if (!email || !password) return;

    const users = strapi.service('admin::user');
    if ((await users.count()) > 0) return;

    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    await users.create({
      email,
      password,
      firstname: 'Demo',
      lastname: 'Admin',
      isActive: true,
      registrationToken: null,
      roles: superAdmin ? [superAdmin.id] : [],
    });
    strapi.log.info(`[demo] created administrator ${email}`);
  },
};
