import { BUILT_IN_SCRIPTS, runChanges } from '../../../server/src/builtin';

describe('what a run of a built-in changes', () => {
  test('Given a chore that deletes, When asked with its params, Then the sentence says what goes, with those params', () => {
    expect(runChanges('purge-run-history', { olderThanDays: 30, keepLast: 5 })).toEqual({
      key: 'builtin.changes.purge-run-history.purge',
      values: { olderThanDays: 30, keepLast: 5, batchSize: 5000 },
      text: "Deletes maintenance runs older than 30 days, keeping each task's last 5 and its last failure.",
    });
  });

  test('Given params left out, When asked, Then the defaults fill the sentence', () => {
    expect(runChanges('trim-content-history', {})?.text).toBe(
      'Deletes content-history versions older than 90 days.'
    );
  });

  test('Given the media chore with remove off, When asked, Then it changes nothing (it only reports)', () => {
    expect(runChanges('remove-orphaned-media', { remove: false })).toBeNull();
    expect(runChanges('remove-orphaned-media', { remove: true })?.text).toMatch(
      /^Removes media files/
    );
  });

  test('Given the optimiser, When asked with and without analyzeOnly, Then only the full run changes the site', () => {
    expect(runChanges('optimize-database', {})?.text).toMatch(/^Compacts the database/);
    expect(runChanges('optimize-database', { analyzeOnly: true })).toBeNull();
  });

  test('Given the site report, When asked, Then it changes nothing', () => {
    expect(runChanges('site-report', {})).toBeNull();
  });

  test("Given a user's script or an unknown key, When asked, Then the plugin cannot tell (null)", () => {
    expect(runChanges(null, {})).toBeNull();
    expect(runChanges('no-such-chore', {})).toBeNull();
  });

  test('Given params that are not an object, When asked, Then the defaults are used', () => {
    expect(runChanges('purge-expired-auth', 'junk')?.text).toBe(
      'Deletes expired sessions, and API and transfer tokens that expired more than 30 days ago.'
    );
  });

  test('Given every chore that deletes, unpublishes or compacts, When asked with its defaults, Then each says so', () => {
    const changing = BUILT_IN_SCRIPTS.filter((script) => runChanges(script.key, {}) !== null).map(
      (script) => script.key
    );
    expect(changing.sort()).toEqual([
      'delete-old-entries',
      'optimize-database',
      'purge-expired-auth',
      'purge-run-history',
      'trim-content-history',
      'unpublish-expired-content',
    ]);
  });

  test('Given entries to delete, When only drafts go, Then the sentence is the drafts-only one, under its own key', () => {
    const params = { uid: 'api::article.article', olderThanDays: 30, draftsOnly: true };
    expect(runChanges('delete-old-entries', params)).toMatchObject({
      key: 'builtin.changes.delete-old-entries.draftsOnly',
      text: 'Deletes entries of api::article.article whose createdAt is more than 30 days old (never published ones only), with their components and links.',
    });
  });
});
