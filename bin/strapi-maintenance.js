#!/usr/bin/env node
'use strict';

// `npx strapi-maintenance <command>` in a Strapi site's directory; see `--help` and the README.
const { main } = require('../dist/cli.js');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`strapi-maintenance: ${error && error.stack ? error.stack : error}\n`);
    process.exit(4);
  }
);
