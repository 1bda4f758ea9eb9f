/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from its grammar
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), stricter than the maintained
 * parse-prometheus-text-format the metrics test also reads the answer with. It refuses
 * what Prometheus would refuse, and the rules Prometheus applies to families and histograms:
 * - HELP and TYPE at most once per family, TYPE before its samples, a family's lines together;
 * - metric and label names by the grammar, label values with only \\, \" and \n escapes;
 * - values as Go's ParseFloat reads them (with +Inf, -Inf, NaN), an optional integer timestamp;
 * - no series twice; histograms: `_bucket` samples with `le`, cumulative, `+Inf` equal to
 *   `_count`, and `_sum` present.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help?: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: ParsedSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:Inf|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

export class ExpositionError extends Error {}

const parseFloatStrict = (text: string, where: string) => {
  if (!FLOAT.test(text)) throw new ExpositionError(`${where}: "${text}" is not a float`);
  if (/Inf$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return text.endsWith('NaN') ? NaN : Number(text);
};

/** `{a="x",b="y"}` from `rest` (just after the metric name): the labels and what follows. */
const parseLabels = (rest: string, where: string): [Record<string, string>, string] => {
  const labels: Record<string, string> = {};
  if (!rest.startsWith('{')) return [labels, rest];
  let index = 1;
  const skipBlanks = () => {
    while (rest[index] === ' ' || rest[index] === '\t') index += 1;
  };
  for (;;) {
    skipBlanks();
    if (rest[index] === '}') return [labels, rest.slice(index + 1)];
    const name = LABEL_NAME.exec(rest.slice(index))?.[0];
    if (!name) throw new ExpositionError(`${where}: bad label name at "${rest.slice(index)}"`);
    index += name.length;
    skipBlanks();
    if (rest[index] !== '=') throw new ExpositionError(`${where}: "=" expected after ${name}`);
    index += 1;
    skipBlanks();
    if (rest[index] !== '"')
      throw new ExpositionError(`${where}: a quoted value expected for ${name}`);
    index += 1;
    let value = '';
    for (;;) {
      const char = rest[index];
      if (char === undefined) throw new ExpositionError(`${where}: unterminated value of ${name}`);
      index += 1;
      if (char === '"') break;
      if (char === '\n') throw new ExpositionError(`${where}: raw line feed in ${name}`);
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = rest[index];
      index += 1;
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new ExpositionError(`${where}: bad escape \\${escaped} in ${name}`);
    }
    if (name in labels) throw new ExpositionError(`${where}: label ${name} twice`);
    labels[name] = value;
    skipBlanks();
    if (rest[index] === ',') index += 1;
    else if (rest[index] !== '}') throw new ExpositionError(`${where}: "," or "}" expected`);
  }
};

const familyOf = (sampleName: string, families: Map<string, ParsedFamily>) => {
  for (const [family, type] of [...families].map(([name, f]) => [name, f.type] as const)) {
    const suffixes = SUFFIXES[type] ?? [];
    if (sampleName === family && !suffixes.length) return family;
    if (suffixes.some((suffix) => sampleName === family + suffix)) return family;
  }
  return sampleName;
};

const checkHistogram = (family: ParsedFamily) => {
  const series = new Map<string, ParsedSample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const where = `histogram ${family.name} ${key}`;
    const buckets = samples.filter((sample) => sample.name === `${family.name}_bucket`);
    const count = samples.find((sample) => sample.name === `${family.name}_count`);
    if (!samples.some((sample) => sample.name === `${family.name}_sum`)) {
      throw new ExpositionError(`${where}: no _sum`);
    }
    if (!count) throw new ExpositionError(`${where}: no _count`);
    const bounds = buckets.map((bucket) => {
      if (bucket.labels.le === undefined) throw new ExpositionError(`${where}: bucket without le`);
      return parseFloatStrict(bucket.labels.le, where);
    });
    if (bounds.some((bound, index) => index > 0 && bound <= bounds[index - 1])) {
      throw new ExpositionError(`${where}: buckets out of order`);
    }
    if (buckets.some((bucket, index) => index > 0 && bucket.value < buckets[index - 1].value)) {
      throw new ExpositionError(`${where}: buckets are not cumulative`);
    }
    const last = buckets[buckets.length - 1];
    if (!last || bounds[bounds.length - 1] !== Infinity) {
      throw new ExpositionError(`${where}: no +Inf bucket`);
    }
    if (last.value !== count.value) throw new ExpositionError(`${where}: +Inf bucket != _count`);
  }
};

/** The families of an exposition document, by name; throws ExpositionError on any violation. */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const seenSeries = new Set<string>();
  const closed = new Set<string>();
  let currentFamily: string | undefined;
  const enter = (name: string, where: string) => {
    if (currentFamily !== name) {
      if (closed.has(name)) throw new ExpositionError(`${where}: ${name}'s lines are not together`);
      if (currentFamily) closed.add(currentFamily);
      currentFamily = name;
    }
  };
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '')
    throw new ExpositionError('the document must end with a line feed');
  lines.slice(0, -1).forEach((raw, index) => {
    const where = `line ${index + 1}`;
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
      if (!match) return; // a plain comment
      const [, keyword, name, rest = ''] = match;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)![0] !== name) {
        throw new ExpositionError(`${where}: bad metric name "${name}"`);
      }
      enter(name, where);
      const family = families.get(name) ?? { name, type: 'untyped' as const, samples: [] };
      if (keyword === 'HELP') {
        if (family.help !== undefined)
          throw new ExpositionError(`${where}: HELP twice for ${name}`);
        family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      } else {
        if (
          families.get(name)?.samples.length ||
          (families.has(name) && family.type !== 'untyped')
        ) {
          throw new ExpositionError(`${where}: TYPE after samples, or twice, for ${name}`);
        }
        if (!(TYPES as readonly string[]).includes(rest.trim())) {
          throw new ExpositionError(`${where}: unknown type "${rest}"`);
        }
        family.type = rest.trim() as ParsedFamily['type'];
      }
      families.set(name, family);
      return;
    }
    const name = METRIC_NAME.exec(line)?.[0];
    if (!name) throw new ExpositionError(`${where}: a sample must start with a metric name`);
    const [labels, after] = parseLabels(line.slice(name.length), where);
    const parts = after.trim().split(/[ \t]+/);
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') {
      throw new ExpositionError(`${where}: value expected`);
    }
    const value = parseFloatStrict(parts[0], where);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) {
      throw new ExpositionError(`${where}: bad timestamp "${parts[1]}"`);
    }
    const familyName = familyOf(name, families);
    enter(familyName, where);
    const family = families.get(familyName) ?? {
      name: familyName,
      type: 'untyped' as const,
      samples: [],
    };
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seenSeries.has(series)) throw new ExpositionError(`${where}: series ${series} twice`);
    seenSeries.add(series);
    family.samples.push({ name, labels, value });
    families.set(familyName, family);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of the one sample of `family` whose labels include `labels`; undefined if none. */
export const sampleValue = (
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {},
  sampleName = name
) =>
  families
    .get(name)
    ?.samples.find(
      (sample) =>
        sample.name === sampleName &&
        Object.entries(labels).every(([label, value]) => sample.labels[label] === value)
    )?.value;
