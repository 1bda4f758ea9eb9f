#!/usr/bin/env node
'use strict';

// `npx strapi-maintenance <command>` in a Strapi site's directory; see `--help` and the README.

// Each command loads the whole site (a few thousand modules) in a fresh process, often from cron:
// Node's on-disk compile cache (Node >= 22.1; in NODE_COMPILE_CACHE or the system's temporary
// directory) takes about a quarter off that load from the second call on.
require('node:module').enableCompileCache?.();

const { main } = require('../dist/cli.js');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`strapi-maintenance: ${error && error.stack ? error.stack : error}\n`);
    process.exit(4);
  }
);
