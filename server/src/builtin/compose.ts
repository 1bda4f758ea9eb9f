import type { BuiltInScript, BuiltInScriptDefinition, ParamSpec } from './types';

/**
 * Shipped inside every built-in body, so that a duplicated script keeps working on its own. The
 * params are checked before the first ctx call: a bad one fails the run with an Error that names
 * it, and nothing has been touched.
 */
const PRELUDE = String.raw`
function readParams(spec, given) {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new Error('params must be a JSON object');
  }
  const names = spec.map((param) => param.name);
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) {
      throw new Error('unknown param "' + key + '" (this script takes ' + names.join(', ') + ')');
    }
  }
  const read = {};
  for (const param of spec) {
    const value = given[param.name];
    if (value === undefined || value === null) {
      if (param.required) {
        throw new Error('param "' + param.name + '" is required: ' + param.description);
      }
      read[param.name] = param.default;
      continue;
    }
    const shown = JSON.stringify(value);
    const refuse = (expected) =>
      new Error(
        'param "' + param.name + '" must be ' + expected +
          ' (got ' + (shown.length > 60 ? shown.slice(0, 60) + '...' : shown) + ')'
      );
    if (param.type === 'integer' || param.type === 'number') {
      const whole = param.type === 'integer';
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (whole && !Number.isInteger(value)) ||
        value < param.min ||
        value > param.max
      ) {
        throw refuse((whole ? 'a whole number' : 'a number') + ' from ' + param.min + ' to ' + param.max);
      }
    } else if (param.type === 'boolean') {
      if (typeof value !== 'boolean') throw refuse('true or false');
    } else if (param.type === 'string') {
      if (typeof value !== 'string' || !new RegExp(param.pattern || '^.+$').test(value)) {
        throw refuse(param.expected || 'a non-empty string');
      }
    } else if (param.type === 'object') {
      if (typeof value !== 'object' || Array.isArray(value)) throw refuse('a JSON object');
    }
    read[param.name] = value;
  }
  return read;
}

function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return 'unknown size';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (bytes < 0 ? '-' : '') + (unit === 0 ? String(value) : value.toFixed(1)) + ' ' + units[unit];
}

function plural(count, singular, pluralForm) {
  return count + ' ' + (count === 1 ? singular : pluralForm || singular + 's');
}
`;

/** How a param reads in the script's description and in docs/builtin-scripts.md. */
export const describeParam = (param: ParamSpec): string => {
  const kind =
    param.type === 'integer' || param.type === 'number'
      ? `${param.type === 'integer' ? 'whole number' : 'number'} ${param.min}–${param.max}`
      : param.type === 'string'
        ? (param.expected ?? 'text')
        : param.type === 'object'
          ? 'JSON object'
          : 'true/false';
  const fallback = param.required
    ? 'required'
    : param.default === undefined
      ? 'optional'
      : `default ${JSON.stringify(param.default)}`;
  return `${param.name} (${kind}, ${fallback}): ${param.description}`;
};

export const defineScript = (definition: BuiltInScriptDefinition): BuiltInScript => {
  const body = [
    `// Built-in maintenance script "${definition.key}" (strapi-plugin-maintenance).`,
    '// Read-only: the plugin updates it on upgrade. Duplicate it to make your own version.',
    `const PARAMS = ${JSON.stringify(definition.params, null, 2)};`,
    PRELUDE.trim(),
    '',
    'const params = readParams(PARAMS, ctx.params);',
    '',
    definition.main.trim(),
    '',
  ].join('\n');
  const description = [
    definition.summary,
    '',
    'Params:',
    ...definition.params.map((param) => `- ${describeParam(param)}`),
    '',
    `Returns: ${definition.returns}`,
  ].join('\n');
  return { ...definition, description, body };
};
