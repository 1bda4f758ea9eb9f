import { startStrapi } from '../../helpers/strapi';

describe('a site with an invalid maintenance config', () => {
  test('Given an unknown time zone in config/plugins, When Strapi boots, Then boot stops with a message naming the plugin and the option', async () => {
    await expect(startStrapi({ MAINTENANCE_TIMEZONE: 'Not/AZone' })).rejects.toThrow(
      /Invalid config for plugin "maintenance": timezone must be an IANA time zone/
    );
  });
});
