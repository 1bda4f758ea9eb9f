/**
 * A silent sandbox process: starved (waiting for a core on a busy host) or wedged; a slow start:
 * starved or stuck. The rules alone, then the /proc sample they read, on real processes.
 */
import { spawn } from 'node:child_process';
import {
  STARTING_CPU_MS,
  STARVED_CPU_MS,
  STARVED_TIMEOUTS,
  judgeSilence,
  judgeStart,
  sampleProcess,
} from '../../../server/src/sandbox/silence';

const TIMEOUT = 5_000;
const answered = { state: 'S', cpuMs: 1_000 };
const judge = (silentForMs: number, sample: { state: string; cpuMs: number } | null) =>
  judgeSilence({ silentForMs, timeoutMs: TIMEOUT, sample, atLastAnswer: answered });

describe('judgeSilence', () => {
  test('Given a silence within the timeout, Then the process is answering', () => {
    expect(judge(TIMEOUT, { state: 'T', cpuMs: 1_000 })).toBe('answering');
  });

  test('Given a runnable process that has had almost no CPU since it answered, Then it is starved', () => {
    expect(judge(TIMEOUT + 1, { state: 'R', cpuMs: 1_000 + STARVED_CPU_MS - 10 })).toBe('starved');
  });

  test('Given a runnable process that had the CPU and still did not answer, Then it is wedged', () => {
    expect(judge(TIMEOUT + 1, { state: 'R', cpuMs: 1_000 + STARVED_CPU_MS })).toBe('wedged');
  });

  test('Given a stopped process (SIGSTOP), Then it is wedged', () => {
    expect(judge(TIMEOUT + 1, { state: 'T', cpuMs: 1_000 })).toBe('wedged');
  });

  test('Given a process asleep on something that never comes, Then it is wedged', () => {
    expect(judge(TIMEOUT + 1, { state: 'S', cpuMs: 1_000 })).toBe('wedged');
  });

  test('Given a starved process silent for longer than the cap, Then it is wedged all the same', () => {
    expect(judge(TIMEOUT * STARVED_TIMEOUTS + 1, { state: 'R', cpuMs: 1_000 })).toBe('wedged');
  });

  test('Given no sample (not Linux, or the process is gone), Then silence past the timeout is wedged', () => {
    expect(judge(TIMEOUT + 1, null)).toBe('wedged');
    expect(
      judgeSilence({
        silentForMs: TIMEOUT + 1,
        timeoutMs: TIMEOUT,
        sample: { state: 'R', cpuMs: 0 },
        atLastAnswer: null,
      })
    ).toBe('wedged');
  });
});

describe('judgeStart', () => {
  const start = (waitedMs: number, sample: { state: string; cpuMs: number } | null) =>
    judgeStart({ waitedMs, timeoutMs: TIMEOUT, sample });

  test('Given a process not ready within the start timeout, Then it is still starting', () => {
    expect(start(TIMEOUT, null)).toBe('starting');
  });

  test('Given a process past the timeout that has had less CPU than a start takes, whatever its state, Then it is starved', () => {
    expect(start(TIMEOUT + 1, { state: 'R', cpuMs: STARTING_CPU_MS - 10 })).toBe('starved');
    expect(start(TIMEOUT + 1, { state: 'D', cpuMs: 40 })).toBe('starved');
  });

  test('Given a process past the timeout that has had the CPU of a start, Then it is stuck', () => {
    expect(start(TIMEOUT + 1, { state: 'R', cpuMs: STARTING_CPU_MS })).toBe('stuck');
  });

  test('Given a starved start past the cap, Then it is stuck all the same', () => {
    expect(start(TIMEOUT * STARVED_TIMEOUTS + 1, { state: 'R', cpuMs: 0 })).toBe('stuck');
  });

  test('Given no sample (not Linux, or the process is gone), Then a start past the timeout is stuck', () => {
    expect(start(TIMEOUT + 1, null)).toBe('stuck');
  });
});

describe('sampleProcess', () => {
  const linux = process.platform === 'linux';

  test('Given a process that sleeps, When it is sampled, then stopped and sampled again, Then its states are S and T', async () => {
    if (!linux) return expect(sampleProcess(process.pid)).toBeNull();
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sampleProcess(child.pid)).toMatchObject({ state: 'S' });
      child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sampleProcess(child.pid)?.state).toBe('T');
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('Given this busy process, When it is sampled, Then it is running and its CPU time counts up', () => {
    if (!linux) return;
    const before = sampleProcess(process.pid)!;
    // 200 ms of CPU, by this process's own count (however long a busy machine takes to give it).
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 200_000) {
      // CPU work for the sample to see.
    }
    const after = sampleProcess(process.pid)!;
    expect(after.state).toBe('R');
    expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(150);
  });

  test('Given no such process, Then there is no sample', () => {
    expect(sampleProcess(2 ** 22 + 12345)).toBeNull();
    expect(sampleProcess(undefined)).toBeNull();
  });
});
