// Jest's Node environment, plus `testFailed()`, which says whether the running test has failed so
// far. An `afterEach` cannot tell otherwise, and on a failure the browser suites show what the page
// looked like (tests/helpers/e2e.ts) and the integration suites what the plugin was doing
// (tests/helpers/strapi.ts): in CI the log is all there is to read afterwards, and a failure that
// depends on timing does not come back when the test is run again.
const { TestEnvironment } = require('jest-environment-node');

class FailureAwareEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.failed = false;
    this.global.testFailed = () => this.failed;
  }

  handleTestEvent(event) {
    if (event.name === 'test_start') this.failed = false;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') this.failed = true;
  }
}

module.exports = FailureAwareEnvironment;
