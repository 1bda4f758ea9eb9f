// Jest globalSetup for suites that boot the playground: compile its TypeScript once, before any
// worker starts, so that parallel suites never race on playground/dist. `npm test` compiles it
// once for all its phases (two of them run side by side) and says so with PLAYGROUND_COMPILED.
const { compileStrapi } = require('@strapi/strapi');
const path = require('node:path');

module.exports = async () => {
  if (process.env.PLAYGROUND_COMPILED === '1') return;
  await compileStrapi({ appDir: path.resolve(__dirname, '..', '..', 'playground') });
};
