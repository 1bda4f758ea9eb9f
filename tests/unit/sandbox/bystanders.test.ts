import {
  judge,
  MAX_RESTARTS,
  RecentLabels,
  type ProcessEnd,
} from '../../../server/src/sandbox/bystanders';

const end = (overrides: Partial<ProcessEnd> = {}): ProcessEnd => ({
  blame: undefined,
  reason: 'the sandbox process exited (SIGKILL)',
  abnormal: true,
  inFlight: 2,
  ...overrides,
});

describe('judge: what happens to a run in flight when its sandbox process ends', () => {
  test('Given the sandbox stopped on purpose, When a run is judged, Then it ends with the stop reason', () => {
    expect(judge({ id: 1, restarts: 0 }, end({ abnormal: false, reason: 'stopped' }))).toEqual({
      restart: false,
      reason: 'stopped',
    });
  });

  test('Given the run is the one the process was killed for, When judged, Then it ends with its own reason', () => {
    const verdict = judge(
      { id: 1, restarts: 0, killReason: 'over its memory' },
      end({ blame: { kind: 'run', id: 1, label: 'run 7' } })
    );
    expect(verdict).toEqual({ restart: false, reason: 'over its memory' });
  });

  test('Given another run is to blame, When a bystander is judged, Then it is started again with a notice naming the culprit', () => {
    const verdict = judge(
      { id: 2, restarts: 0 },
      end({ blame: { kind: 'run', id: 1, label: 'run 7' } })
    );
    expect(verdict).toEqual({
      restart: true,
      notice: expect.stringContaining('because of another run (run 7)'),
    });
  });

  test('Given a syntax check is to blame, When a run is judged, Then it is started again', () => {
    expect(judge({ id: 2, restarts: 0 }, end({ blame: { kind: 'check' } })).restart).toBe(true);
  });

  test('Given nobody to blame and several runs in flight, When one is judged, Then it is started again', () => {
    expect(judge({ id: 2, restarts: 0 }, end({ inFlight: 3 })).restart).toBe(true);
  });

  test('Given nobody to blame and the run alone in flight, When judged, Then it ends with the process reason', () => {
    expect(judge({ id: 2, restarts: 0 }, end({ inFlight: 1 }))).toEqual({
      restart: false,
      reason: 'the sandbox process exited (SIGKILL)',
    });
  });

  test('Given the process failed to start, When a run is judged, Then it is not started again', () => {
    expect(judge({ id: 2, restarts: 0 }, end({ blame: { kind: 'process' } })).restart).toBe(false);
  });

  test('Given a bystander already started again the most times, When judged again, Then it ends and says so', () => {
    const verdict = judge(
      { id: 2, restarts: MAX_RESTARTS },
      end({ blame: { kind: 'run', id: 1, label: 'run 7' } })
    );
    expect(verdict).toEqual({
      restart: false,
      reason: expect.stringContaining(`already been started again ${MAX_RESTARTS} times`),
    });
  });
});

describe('RecentLabels', () => {
  test('Given more labels than it keeps, When the oldest is asked for, Then a generic label comes back', () => {
    const labels = new RecentLabels(2);
    labels.remember(1, 'run 1');
    labels.remember(2, 'run 2');
    labels.remember(3, 'run 3');
    expect([labels.get(1), labels.get(3)]).toEqual(['sandbox run 1', 'run 3']);
  });
});
