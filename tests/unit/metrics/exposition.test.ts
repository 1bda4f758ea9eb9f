import { renderExposition, type Family } from '../../../server/src/metrics/exposition';
import { ExpositionError, parseExposition, sampleValue } from '../../helpers/prometheus';

const families: Family[] = [
  {
    name: 'maintenance_runs_total',
    help: 'Runs, by task\nand status',
    type: 'counter',
    samples: [
      {
        labels: { task_id: 1, task: 'Purge "old" drafts\\now\nplease', status: 'succeeded' },
        value: 3,
      },
      { labels: { task_id: 1, status: 'failed' }, value: 1 },
    ],
  },
  {
    name: 'maintenance_run_duration_seconds',
    help: 'How long runs took',
    type: 'histogram',
    samples: [{ labels: { task_id: 1 }, buckets: [0.1, 1], counts: [1, 3], count: 4, sum: 7.25 }],
  },
  { name: 'maintenance_tasks_paused', help: 'Paused', type: 'gauge', samples: [{ value: 0 }] },
];

describe('renderExposition', () => {
  test('Given counters, a histogram and a gauge, When rendered and parsed by the format’s grammar, Then every value and label comes back', () => {
    const parsed = parseExposition(renderExposition(families));
    expect(parsed.get('maintenance_runs_total')?.type).toBe('counter');
    expect(parsed.get('maintenance_runs_total')?.help).toBe('Runs, by task\nand status');
    expect(
      sampleValue(parsed, 'maintenance_runs_total', {
        task: 'Purge "old" drafts\\now\nplease',
        status: 'succeeded',
      })
    ).toBe(3);
    const histogram = 'maintenance_run_duration_seconds';
    expect(sampleValue(parsed, histogram, { le: '0.1' }, `${histogram}_bucket`)).toBe(1);
    expect(sampleValue(parsed, histogram, { le: '+Inf' }, `${histogram}_bucket`)).toBe(4);
    expect(sampleValue(parsed, histogram, {}, `${histogram}_sum`)).toBe(7.25);
    expect(sampleValue(parsed, 'maintenance_tasks_paused')).toBe(0);
  });

  test('Given a metric name outside the grammar, When rendered, Then it is refused', () => {
    expect(() =>
      renderExposition([{ name: 'bad-name', help: '', type: 'gauge', samples: [] }])
    ).toThrow(RangeError);
  });

  test('Given a reserved label name, When rendered, Then it is refused', () => {
    expect(() =>
      renderExposition([
        { name: 'x', help: '', type: 'gauge', samples: [{ labels: { __name__: 'y' }, value: 1 }] },
      ])
    ).toThrow(RangeError);
  });
});

describe('the test parser refuses what Prometheus refuses', () => {
  test.each([
    ['no final line feed', '# TYPE a gauge\na 1'],
    ['a value that is not a float', '# TYPE a gauge\na one\n'],
    ['an unknown escape', '# TYPE a gauge\na{l="\\t"} 1\n'],
    ['a series twice', '# TYPE a gauge\na 1\na 2\n'],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['a family split', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="1"} 2\n'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      'a histogram not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
  ])('Given %s, When parsed, Then it is refused', (_, text) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
  });
});
