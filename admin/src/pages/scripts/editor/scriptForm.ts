import type { Script } from '../../../../../server/src/contracts';

/** What a new script starts with: a working example that shows ctx and dry runs. */
export const NEW_SCRIPT_BODY = `// The body of an async function: \`await\` ctx calls and \`return\` a result.
// ctx.dryRun is true in dry runs and test runs: calls then only report what they would do.
const stats = await ctx.db.stats();
console.log(\`database: \${stats.client}, \${stats.tables} tables\`);
return { dryRun: ctx.dryRun, params: ctx.params };
`;

/** The script editor's form values. */
export interface ScriptFormValues {
  name: string;
  description: string;
  body: string;
}

export const EMPTY_SCRIPT_FORM: ScriptFormValues = {
  name: '',
  description: '',
  body: NEW_SCRIPT_BODY,
};

export const scriptFormOf = (script: Script): ScriptFormValues => ({
  name: script.name,
  description: script.description ?? '',
  body: script.body,
});

/** The POST / PUT body: an empty description is no description. */
export const scriptBody = (values: ScriptFormValues) => ({
  name: values.name,
  description: values.description === '' ? null : values.description,
  body: values.body,
});
