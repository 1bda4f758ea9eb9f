// Jest environment of the integration suites: jest's Node environment, plus `loadNatively`, which
// loads a package through Node's own module loader instead of the test file's module registry.
//
// Why: jest gives every test file a registry of its own, so every file loaded Strapi's few thousand
// modules again: 3.5 s of CPU for a file's first boot against 1 s for a second boot in the same
// file (measured). Loaded by Node, Strapi and the plugin are loaded once per jest worker; every
// file still boots a Strapi instance of its own on a database of its own (tests/helpers/strapi.ts).
// Measured on the SQLite pass: CPU 295 s -> 252 s, wall 208 s -> 179 s; four passes run.
//
// That Strapi runs in Node's main realm, the tests in a context of jest's. Three things cross:
// - process.env: Strapi reads the real one, so the test files use it too (jest would give each a
//   copy), and what a file changes in it is undone when the file ends, as jest's copy was;
// - Date and Error: a date made by a test and given to Strapi's database layer must be the main
//   realm's, or knex does not know it for a date; an error a test's stand-in throws into Strapi,
//   or its logger prints "error: undefined" (the plugin's checks of plain objects take any realm's);
// - the process: Strapi's destroy() removes every listener of the real process, jest's worker's
//   own among them (the worker then ends, "crashed ... exitCode=0") and jest-circus's handlers of
//   uncaught errors. While a file runs, removing every listener removes only those added since the
//   file began (and after jest-circus's were put in place); when it ends, so are its leftovers.
// It also tells a test's hooks whether the test failed (tests/setup/failure-aware-environment.js).
const FailureAwareEnvironment = require('./failure-aware-environment');

class IntegrationEnvironment extends FailureAwareEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.process.env = process.env;
    this.global.Date = Date;
    this.global.Error = Error;
    this.global.loadNatively = (id) => require(id);
  }

  /** Listeners of the real process not to be removed by Strapi: jest's worker's, jest-circus's. */
  keepListeners() {
    for (const name of process.eventNames()) {
      const kept = this.kept.get(name) ?? new Set();
      for (const listener of process.listeners(name)) kept.add(listener);
      this.kept.set(name, kept);
    }
  }

  removeListenersOfFile() {
    for (const name of process.eventNames()) {
      const kept = this.kept.get(name) ?? new Set();
      for (const listener of process.listeners(name)) {
        if (!kept.has(listener)) process.removeListener(name, listener);
      }
    }
  }

  async setup() {
    await super.setup();
    this.envBefore = { ...process.env };
    this.kept = new Map();
    this.keepListeners();
    const removeAllListeners = process.removeAllListeners;
    this.removeAllListeners = removeAllListeners;
    // Strapi's destroy() asks for every listener of every event; jest-circus asks for an event's.
    process.removeAllListeners = (...event) => {
      if (event.length > 0) return removeAllListeners.apply(process, event);
      this.removeListenersOfFile();
      return process;
    };
  }

  handleTestEvent(event) {
    super.handleTestEvent(event);
    // jest-circus puts its handlers of uncaught errors in place at the start of the run.
    if (event.name === 'run_start') this.keepListeners();
  }

  async teardown() {
    this.removeListenersOfFile();
    process.removeAllListeners = this.removeAllListeners;
    for (const key of Object.keys(process.env)) {
      if (!(key in this.envBefore)) delete process.env[key];
    }
    Object.assign(process.env, this.envBefore);
    await super.teardown();
  }
}

module.exports = IntegrationEnvironment;
