/**
 * The bound every database call of a wake-up or a run gets (utils/async.ts): it answers with the
 * call's own outcome when that comes first, and with a TimeoutError when the call does not answer.
 */
import { TimeoutError, bounded, within } from '../../../server/src/utils/async';

const never = () => new Promise<never>(() => undefined);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('Given a call that answers within its bound, When it is bounded, Then its value comes back', async () => {
  await expect(bounded(Promise.resolve(42), 1000, 'a read')).resolves.toBe(42);
});

test('Given a call that fails within its bound, When it is bounded, Then its own error comes back', async () => {
  const failure = new Error('connection terminated');
  await expect(bounded(Promise.reject(failure), 1000, 'a read')).rejects.toBe(failure);
});

test('Given a call that never answers, When its bound passes, Then it fails with a TimeoutError naming the call', async () => {
  const outcome = bounded(never(), 1000, 'storing a run record');
  jest.advanceTimersByTime(1000);
  await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
  await expect(outcome).rejects.toThrow('storing a run record did not answer within 1000 ms');
});

test('Given a bounded call that fails after its bound has passed, When it fails, Then nothing is reported as unhandled', async () => {
  let fail: (error: Error) => void = () => undefined;
  const late = new Promise<never>((_, reject) => (fail = reject));
  const unhandled = jest.fn();
  process.on('unhandledRejection', unhandled);
  const outcome = bounded(late, 10, 'a read');
  jest.advanceTimersByTime(10);
  await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
  fail(new Error('too late'));
  jest.useRealTimers();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', unhandled);
  expect(unhandled).not.toHaveBeenCalled();
});

test('Given work that takes longer than the wait, When it is waited for within a time, Then the answer is time-up', async () => {
  const outcome = within(never(), 500);
  jest.advanceTimersByTime(500);
  await expect(outcome).resolves.toBe('time-up');
});
