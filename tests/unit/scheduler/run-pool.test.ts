/**
 * The pool of permits that keeps one instance to `concurrency` scheduled runs at once
 * (services/run-pool.ts).
 */
import { createRunPool } from '../../../server/src/services/run-pool';

/** Lets queued promise callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('run pool', () => {
  test('Given a limit of 2, When two permits are taken, Then a third is refused', () => {
    const pool = createRunPool(() => 2);
    expect(pool.tryAcquire()).not.toBeNull();
    expect(pool.tryAcquire()).not.toBeNull();
    expect(pool.tryAcquire()).toBeNull();
    expect(pool.active()).toBe(2);
  });

  test('Given a full pool, When a permit is given back, Then a caller waiting gets it', async () => {
    const pool = createRunPool(() => 1);
    const first = pool.tryAcquire();
    let second: unknown;
    void pool.acquire().then((permit) => (second = permit));
    await flush();
    expect(second).toBeUndefined();
    first?.release();
    await flush();
    expect(second).not.toBeNull();
    expect(pool.active()).toBe(1);
  });

  test('Given callers waiting, When a permit frees, Then the first to ask gets it', async () => {
    const pool = createRunPool(() => 1);
    const held = pool.tryAcquire();
    const order: string[] = [];
    void pool.acquire().then(() => order.push('first'));
    void pool.acquire().then(() => order.push('second'));
    held?.release();
    await flush();
    expect(order).toEqual(['first']);
  });

  test('Given callers waiting, When another asks without waiting, Then it is refused even with room', async () => {
    let limit = 1;
    const pool = createRunPool(() => limit);
    pool.tryAcquire();
    void pool.acquire();
    limit = 2;
    expect(pool.tryAcquire()).toBeNull();
  });

  test('Given a permit, When it is given back twice, Then it counts once', () => {
    const pool = createRunPool(() => 2);
    const permit = pool.tryAcquire();
    pool.tryAcquire();
    permit?.release();
    permit?.release();
    expect(pool.active()).toBe(1);
  });

  test('Given a limit lowered below what is going, When asked, Then no room is left and nothing is stopped', () => {
    let limit = 3;
    const pool = createRunPool(() => limit);
    pool.tryAcquire();
    pool.tryAcquire();
    limit = 1;
    expect(pool.available()).toBe(0);
    expect(pool.active()).toBe(2);
  });

  test('Given a caller waiting, When the pool closes, Then it gets no permit, and nobody after it', async () => {
    const pool = createRunPool(() => 1);
    pool.tryAcquire();
    const waiting = pool.acquire();
    pool.close();
    await expect(waiting).resolves.toBeNull();
    await expect(pool.acquire()).resolves.toBeNull();
    expect(pool.tryAcquire()).toBeNull();
  });
});
