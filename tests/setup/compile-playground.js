// Jest globalSetup for suites that boot the playground: compile its TypeScript once, before any
// worker starts, so that parallel suites never race on playground/dist.
const { compileStrapi } = require('@strapi/strapi');
const path = require('node:path');

module.exports = async () => {
  await compileStrapi({ appDir: path.resolve(__dirname, '..', '..', 'playground') });
};
