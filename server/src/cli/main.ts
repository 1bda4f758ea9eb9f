/**
 * `npx strapi-maintenance <command>`: boots the site in the current directory without its HTTP
 * server (as `strapi console` does, minus the server), runs one command over the plugin's own
 * services, shuts the site down and exits with a code a scheduler understands (parse.ts EXIT).
 * Bundled into dist/cli.js (scripts/build-cli.mjs); bin/strapi-maintenance.js calls it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CLI_ENV } from '../constants';
import { COMMAND_HANDLERS, RefusedError, type CommandResult } from './commands';
import { EXIT, parseArgs, usage, type ExitCode, type ParsedCommand } from './parse';

interface StrapiModule {
  compileStrapi(options: { appDir: string }): Promise<{ appDir: string; distDir: string }>;
  createStrapi(options: { appDir: string; distDir: string }): Core.Strapi;
}

interface TsUtils {
  isUsingTypeScript(dir: string): Promise<boolean>;
  resolveOutDir(dir: string): Promise<string>;
}

/**
 * The site's own Strapi (not one this package might resolve elsewhere), and where its compiled
 * code is: a TypeScript site's dist as built (`strapi build`/`strapi start` do the same), compiled
 * first with --compile or when there is none yet.
 */
const bootSite = async (appDir: string, compile: boolean): Promise<Core.Strapi> => {
  const siteRequire = createRequire(path.join(appDir, 'package.json'));
  const strapiModule = siteRequire('@strapi/strapi') as StrapiModule;
  const strapiRequire = createRequire(siteRequire.resolve('@strapi/strapi/package.json'));
  const tsUtils = strapiRequire('@strapi/typescript-utils') as TsUtils;
  const typescript = await tsUtils.isUsingTypeScript(appDir);
  let distDir = appDir;
  if (typescript) {
    distDir = await tsUtils.resolveOutDir(appDir);
    if (compile || !existsSync(distDir)) {
      distDir = (await strapiModule.compileStrapi({ appDir })).distDir;
    }
  }
  const strapi = strapiModule.createStrapi({ appDir, distDir });
  await strapi.load();
  return strapi;
};

const errorResult = (error: unknown): CommandResult => {
  if (error instanceof RefusedError || error instanceof errors.ApplicationError) {
    const details = (error as { details?: { errors?: Array<{ path: string[]; message: string }> } })
      .details;
    const problems = details?.errors ?? [];
    return {
      code: EXIT.refused,
      json: {
        error: { message: error.message, ...(problems.length > 0 ? { errors: problems } : {}) },
      },
      text: [
        `error: ${error.message}`,
        ...problems.map((problem) => `  ${problem.path.join('.')}: ${problem.message}`),
      ].join('\n'),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.error, json: { error: { message } }, text: `error: ${message}` };
};

export const main = async (argv: string[]): Promise<ExitCode> => {
  // stdout is the command's alone (a --json reader parses it whole): anything Strapi or a plugin
  // prints while booting or working goes to stderr.
  const stdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const print = (text: string) =>
    new Promise<void>((resolve) => stdout(`${text}\n`, () => resolve()));
  const printError = (text: string) => process.stderr.write(`${text}\n`);

  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    printError(`strapi-maintenance: ${parsed.error}\n\n${usage(parsed.command)}`);
    return EXIT.usage;
  }
  const command: ParsedCommand = parsed.value;
  if (command.command === 'help') {
    await print(usage());
    return EXIT.ok;
  }

  process.env[CLI_ENV] = '1';
  process.env.STRAPI_LOG_LEVEL ??= 'warn';
  let strapi: Core.Strapi | undefined;
  let result: CommandResult;
  try {
    strapi = await bootSite(process.cwd(), command.compile);
  } catch (error) {
    printError(`strapi-maintenance: the site could not start: ${(error as Error).message}`);
    return EXIT.error;
  }
  try {
    result = await COMMAND_HANDLERS[command.command](strapi, command);
  } catch (error) {
    result = errorResult(error);
  }
  if (command.json) await print(JSON.stringify(result.json, null, 2));
  else if (result.code === EXIT.refused || result.code === EXIT.error) printError(result.text);
  else await print(result.text);
  try {
    await strapi.destroy();
  } catch (error) {
    printError(`strapi-maintenance: shutting the site down failed: ${(error as Error).message}`);
  }
  return result.code;
};
