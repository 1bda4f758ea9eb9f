import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'strapi-plugin-maintenance';
const CHILD_FILE = join('dist', 'sandbox-child.js');

const isPluginRoot = (directory: string) => {
  const manifest = join(directory, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
};

/**
 * The same lookup works from the sources (jest, server/src/sandbox) and from the bundle
 * (dist/server), whether the plugin sits in its repository or in a site's node_modules.
 */
export const locateChildFile = (from: string = __dirname): string => {
  for (let directory = from; ; directory = dirname(directory)) {
    if (isPluginRoot(directory)) return join(directory, CHILD_FILE);
    if (dirname(directory) === directory) {
      throw new Error(`Cannot find the ${PACKAGE_NAME} package above ${from}`);
    }
  }
};
