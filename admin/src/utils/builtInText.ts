import defaults from '../translations/en/builtin.json';

/**
 * The built-ins' names and descriptions in the admin's language. The server stores them in
 * English (server/src/builtin); the admin translates them by the built-in's key from its
 * `builtin.` catalogue, but only while the text is still the built-in's default: a task renamed
 * or described anew by its user keeps the user's words. The English catalogue holds the
 * defaults (a test keeps it equal to the server's).
 */

export type BuiltInKind = 'script' | 'task';

/** A translation of `id`, or `fallback` when the catalogue lacks it. */
export type BuiltInLookup = (id: string, fallback: string) => string;

const DEFAULTS = defaults as Record<string, string>;

/** The plain text of a catalogue message: its braces are quoted for ICU ('{'). */
const literal = (message: string) => message.replace(/'([{}])'/g, '$1');

/** The key of the built-in whose English default name is `name`, if any. */
export const builtInKeyOf = (kind: BuiltInKind, name: string): string | null => {
  const pattern = new RegExp(`^builtin\\.${kind}\\.(.+)\\.name$`);
  for (const [id, message] of Object.entries(DEFAULTS)) {
    const match = pattern.exec(id);
    if (match && literal(message) === name) return match[1];
  }
  return null;
};

/** The English default of a built-in's text, as the server stores it. */
export const builtInDefault = (id: string): string | undefined =>
  id in DEFAULTS ? literal(DEFAULTS[id]) : undefined;

export interface NamedThing {
  name: string;
  description?: string | null;
}

/**
 * How a script or task reads: a built-in's name and description translated while they are the
 * built-in's defaults, anything else as stored.
 */
export const builtInText = (
  kind: BuiltInKind,
  thing: NamedThing,
  lookup: BuiltInLookup
): { name: string; description: string | null } => {
  const description = thing.description ?? null;
  const key = builtInKeyOf(kind, thing.name);
  if (key === null) return { name: thing.name, description };
  const descriptionId = `builtin.${kind}.${key}.description`;
  return {
    name: lookup(`builtin.${kind}.${key}.name`, thing.name),
    description:
      description !== null && description === builtInDefault(descriptionId)
        ? lookup(descriptionId, description)
        : description,
  };
};
