/**
 * Durations for people, in the admin's language: `850 ms`, `1.25 sec`, `2 min, 5 sec`, `1 hr, 3 min`,
 * `2 days, 4 hr` in English; `1,25 s`, `2 min et 5 s`, `2 j et 4 h` in French. Pure: no React.
 *
 * Intl.NumberFormat (unit style) names each unit and Intl.ListFormat joins two of them, which every
 * browser Strapi supports and Node 22 have; Intl.DurationFormat would give the same text but is
 * missing from Node 22, where the admin tests run too.
 */

/** What stands for a duration that is not known. */
export const NO_DURATION = '—';

type DurationUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

/** One unit's count: the largest unit first, at most two units. */
export interface DurationPart {
  unit: DurationUnit;
  value: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Two units, the smaller one left out when it is zero. */
const pair = (major: DurationPart, minor: DurationPart): DurationPart[] =>
  minor.value === 0 ? [major] : [major, minor];

/**
 * How a duration is told (its sign dropped): milliseconds below a second, seconds with up to two
 * decimals below ten seconds and one below a minute, then minutes and seconds, hours and minutes,
 * days and hours, each rounded to the smaller unit.
 */
export const durationParts = (ms: number): DurationPart[] => {
  const abs = Math.abs(ms);
  // Each step checks the rounded value, so that 59.96 s reads `1 min`, not `60 sec`.
  const milliseconds = Math.round(abs);
  if (milliseconds < SECOND) return [{ unit: 'millisecond', value: milliseconds }];
  const perSecond = abs < 10 * SECOND ? 100 : 10;
  const fractionalSeconds = Math.round((abs / SECOND) * perSecond) / perSecond;
  if (fractionalSeconds < 60) return [{ unit: 'second', value: fractionalSeconds }];
  const seconds = Math.round(abs / SECOND);
  if (seconds < 60 * 60) {
    return pair(
      { unit: 'minute', value: Math.floor(seconds / 60) },
      { unit: 'second', value: seconds % 60 }
    );
  }
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 24 * 60) {
    return pair(
      { unit: 'hour', value: Math.floor(minutes / 60) },
      { unit: 'minute', value: minutes % 60 }
    );
  }
  const hours = Math.round(abs / HOUR);
  return pair({ unit: 'day', value: Math.floor(hours / 24) }, { unit: 'hour', value: hours % 24 });
};

const isKnown = (ms: number | null | undefined): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms);

/** A duration in `locale` (a BCP 47 tag such as `en` or `fr`); unknown gives a dash. */
export const formatDuration = (ms: number | null | undefined, locale: string): string => {
  if (!isKnown(ms)) return NO_DURATION;
  const words = durationParts(ms).map(({ unit, value }) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 2,
    }).format(value)
  );
  return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(words);
};

/** A signed duration (a drift): `+1.25 sec` late, `-300 ms` early, `0 ms` on time. */
export const formatSignedDuration = (ms: number | null | undefined, locale: string): string => {
  if (!isKnown(ms)) return NO_DURATION;
  const sign = ms > 0 ? '+' : ms < 0 ? '-' : '';
  return `${sign}${formatDuration(ms, locale)}`;
};
