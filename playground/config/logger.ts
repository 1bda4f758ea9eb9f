import { formats, winston } from '@strapi/logger';

// Tests and benchmarks turn the noise down with STRAPI_LOG_LEVEL; the demo keeps Strapi's default.
// A function, so that every Strapi instance gets a transport of its own and reads the level when it
// starts: the integration suites boot many instances in one process (tests/setup/
// integration-environment.js), and one transport shared by all of them kept every logger alive.
export default ({ env }: { env: (name: string, fallback: string) => string }) => ({
  transports: [
    new winston.transports.Console({
      level: env('STRAPI_LOG_LEVEL', '') || 'http',
      format: formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
    }),
  ],
});
