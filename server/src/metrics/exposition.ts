/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: the plugin exposes a
 * dozen families and needs no client library for that. Pure: no Strapi, no clock.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string | number>>;

export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
}

export interface HistogramSample {
  readonly labels?: Labels;
  /** Upper bounds (seconds here), ascending, without +Inf. */
  readonly buckets: readonly number[];
  /** Observations at or below each bound, cumulative, in the order of `buckets`. */
  readonly counts: readonly number[];
  readonly count: number;
  readonly sum: number;
}

export type Family =
  | {
      readonly name: string;
      readonly help: string;
      readonly type: 'counter' | 'gauge';
      readonly samples: readonly Sample[];
    }
  | {
      readonly name: string;
      readonly help: string;
      readonly type: 'histogram';
      readonly samples: readonly HistogramSample[];
    };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value with `\`, `"` and line feeds escaped, as the format asks. */
const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** HELP text escapes `\` and line feeds only. */
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A sample value: integers as they are, `+Inf`, `-Inf` and `NaN` spelt as the format does. */
export const formatValue = (value: number) => {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
};

const formatLabels = (labels: Labels | undefined) => {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [name] of entries) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new RangeError(`invalid label name "${name}"`);
    }
  }
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(String(value))}"`).join(',')}}`;
};

const line = (name: string, labels: Labels | undefined, value: number) =>
  `${name}${formatLabels(labels)} ${formatValue(value)}`;

/** The families as one exposition document, each with its HELP and TYPE, ending with a newline. */
export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!NAME.test(family.name)) throw new RangeError(`invalid metric name "${family.name}"`);
    lines.push(
      `# HELP ${family.name} ${escapeHelp(family.help)}`,
      `# TYPE ${family.name} ${family.type}`
    );
    if (family.type !== 'histogram') {
      for (const sample of family.samples)
        lines.push(line(family.name, sample.labels, sample.value));
      continue;
    }
    for (const sample of family.samples) {
      sample.buckets.forEach((bound, index) => {
        lines.push(
          line(
            `${family.name}_bucket`,
            { ...sample.labels, le: formatValue(bound) },
            sample.counts[index]
          )
        );
      });
      lines.push(line(`${family.name}_bucket`, { ...sample.labels, le: '+Inf' }, sample.count));
      lines.push(line(`${family.name}_sum`, sample.labels, sample.sum));
      lines.push(line(`${family.name}_count`, sample.labels, sample.count));
    }
  }
  return `${lines.join('\n')}\n`;
}
