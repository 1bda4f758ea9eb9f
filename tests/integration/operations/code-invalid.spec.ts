/**
 * Bad declarations in config/plugins stop boot with a message naming the entry and the field.
 * (A file of its own: each boot here fails, and Strapi allows one instance per process at a time.)
 */
import { startStrapi, strapiEnvironment } from '../../helpers/strapi';

const BOOT = 120_000;
const SCRIPT = { key: 'count', name: 'Code: count', body: 'return 1;' };
const TASK = {
  key: 'nightly-count',
  name: 'Code: nightly count',
  script: 'count',
  schedule: '0 3 * * *',
};
const boot = (code: unknown) =>
  startStrapi({
    ...strapiEnvironment(),
    MAINTENANCE_AUTO_RUN: 'false',
    MAINTENANCE_CODE: JSON.stringify(code),
  });

describe('bad declarations', () => {
  test(
    'Given a task naming a script key that is not declared, When Strapi boots, Then boot stops naming the entry and the field',
    async () => {
      await expect(boot({ scripts: [], tasks: [{ ...TASK, script: 'nope' }] })).rejects.toThrow(
        /code\.tasks\[0\] \(key "nightly-count"\): script: "nope" is not the key of a script in code\.scripts/
      );
    },
    BOOT
  );

  test(
    'Given an invalid schedule, When Strapi boots, Then boot stops naming the entry and the field',
    async () => {
      await expect(
        boot({ scripts: [SCRIPT], tasks: [{ ...TASK, schedule: '61 * * * *' }] })
      ).rejects.toThrow(/code\.tasks\[0\] \(key "nightly-count"\): schedule: minute field/);
    },
    BOOT
  );

  test(
    'Given a script body with a syntax error, When Strapi boots, Then boot stops naming the entry and the body',
    async () => {
      await expect(
        boot({ scripts: [{ ...SCRIPT, body: 'return (;' }], tasks: [] })
      ).rejects.toThrow(/declaration code\.scripts\[0\] \(key "count"\): body: .*line 1/);
    },
    BOOT
  );
});
