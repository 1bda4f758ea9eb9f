import { formats, winston } from '@strapi/logger';

// Tests and benchmarks turn the noise down with STRAPI_LOG_LEVEL; the demo keeps Strapi's default.
export default {
  transports: [
    new winston.transports.Console({
      level: process.env.STRAPI_LOG_LEVEL || 'http',
      format: formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' }),
    }),
  ],
};
