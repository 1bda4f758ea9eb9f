/**
 * The built-in timer skips its ticks while its own wake-up is in progress. One wake-up that never
 * ends (a database call on a connection that died without a word, a script that never returns)
 * would then silence the timer of that instance for good (issue 15). The timer waits for a
 * wake-up at most a lease period; the wake-up carries on by itself, and the timer goes on ticking.
 */
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { waitFor } from '../../helpers/wakeups';

const LEASE_MS = 2000;

const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'true',
  MAINTENANCE_LEASE_MS: String(LEASE_MS),
  MAINTENANCE_RECHECK_MS: '1000',
});

test('Given a timer wake-up that never ends, When the timer has waited a lease period for it, Then the timer ticks again', async () => {
  const wakeups = service(app.current.strapi, 'wakeups');
  const wake = wakeups.wake.bind(wakeups);
  let calls = 0;
  wakeups.wake = async (...args: Parameters<typeof wake>) => {
    calls += 1;
    if (calls === 1) return new Promise<never>(() => undefined);
    return wake(...args);
  };
  try {
    service(app.current.strapi, 'timer').reconsider();
    await waitFor(async () => (calls >= 2 ? true : undefined), LEASE_MS * 10);
  } finally {
    wakeups.wake = wake;
  }
  expect(service(app.current.strapi, 'timer').status()).toMatchObject({ running: true });
}, 60_000);
