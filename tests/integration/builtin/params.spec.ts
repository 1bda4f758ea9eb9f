/**
 * Every built-in script checks its params before its first ctx call: a typo or a wrong type
 * fails the run with an Error naming the param, and the script has touched nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_SCRIPTS, DEFAULT_TASKS } from '../../../server/src/builtin';
import { useStrapi } from '../../helpers/strapi';
import { failure, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

const keys = BUILT_IN_SCRIPTS.map((script) => script.key);

test.each(keys)(
  'Given %s with a misspelt param, When it runs, Then it fails naming the param and listing the ones it takes',
  async (key) => {
    const script = BUILT_IN_SCRIPTS.find((candidate) => candidate.key === key)!;
    const { run } = await runBuiltIn(app.current.strapi, key, { params: { olderThanDayz: 3 } });
    expect(failure(run)).toBe(
      `unknown param "olderThanDayz" (this script takes ${script.params.map((param) => param.name).join(', ')})`
    );
    expect(run.log).toEqual([]);
  }
);

test.each(
  BUILT_IN_SCRIPTS.flatMap((script) =>
    script.params
      .filter((param) => param.type !== 'string')
      .map((param) => [script.key, param.name, param.type] as const)
  )
)(
  'Given %s with param %s of the wrong type, When it runs, Then it fails naming that param',
  async (key, name, type) => {
    const required = { uid: 'api::article.article', olderThanDays: 1 };
    const script = BUILT_IN_SCRIPTS.find((candidate) => candidate.key === key)!;
    const params: Record<string, unknown> = Object.fromEntries(
      script.params
        .filter((param) => param.required)
        .map((param) => [param.name, required[param.name as keyof typeof required]])
    );
    params[name] = type === 'object' ? ['not', 'an', 'object'] : 'not a number or boolean';
    const { run } = await runBuiltIn(app.current.strapi, key, { params });
    expect(failure(run)).toMatch(new RegExp(`^param "${name}" must be `));
    expect(run.log).toEqual([]);
  }
);

test('Given docs/builtin-scripts.md, Then it documents every script, each param with its default, and every default task', () => {
  const docs = readFileSync(path.resolve(__dirname, '../../../docs/builtin-scripts.md'), 'utf8');
  for (const script of BUILT_IN_SCRIPTS) {
    expect(docs).toContain(`### ${script.name} (\`${script.key}\`)`);
    for (const param of script.params) {
      const fallback = param.required
        ? '**required**'
        : param.default === undefined
          ? '—'
          : `\`${JSON.stringify(param.default)}\``;
      expect(docs).toMatch(
        new RegExp(`\\| \`${param.name}\` +\\| [^|]+\\| ${escape(fallback)} +\\|`)
      );
    }
  }
  for (const task of DEFAULT_TASKS) {
    expect(docs).toMatch(
      new RegExp(`\\| ${task.name} +\\| \`${task.script}\` +\\| \`${escape(task.schedule)}\``)
    );
  }
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
