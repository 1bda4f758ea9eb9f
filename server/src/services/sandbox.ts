import type { Core } from '@strapi/strapi';
import { createSandbox, type Sandbox } from '../sandbox';

/**
 * The plugin's one sandbox per Strapi process. The child process behind it starts on the first
 * run or syntax check and stops when idle, so an idle site pays nothing for it.
 */
const createSandboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  let sandbox: Sandbox | undefined;
  const instance = () =>
    (sandbox ??= createSandbox({
      logger: {
        debug: (message) => strapi.log.debug(`[maintenance sandbox] ${message}`),
        warn: (message) => strapi.log.warn(`[maintenance sandbox] ${message}`),
        error: (message) => strapi.log.error(`[maintenance sandbox] ${message}`),
      },
    }));

  return {
    run: (...args: Parameters<Sandbox['run']>) => instance().run(...args),
    compile: (code: string) => instance().compile(code),
    status: () =>
      sandbox ? sandbox.status() : { running: false, runsInFlight: 0, restarts: 0, kills: 0 },
    async stop() {
      await sandbox?.stop();
      sandbox = undefined;
    },
  };
};

export type SandboxService = ReturnType<typeof createSandboxService>;
export default createSandboxService;
