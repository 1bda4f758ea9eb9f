/* global afterEach */
// Admin component tests run on React's development build, where React reports misuse (refs given
// to function components, missing keys, updates after unmount, act() gaps…) through console.error
// and console.warn without failing anything. Here each such report fails the test that caused it.
const REACT_WARNING =
  /^(Warning: |React does not recognize|Each child in a list|Invalid prop|A component is changing)/;

const reports = [];
for (const level of ['error', 'warn']) {
  const original = console[level];
  console[level] = (...args) => {
    const first = typeof args[0] === 'string' ? args[0] : String(args[0]);
    if (REACT_WARNING.test(first)) reports.push(formatReport(args));
    original.apply(console, args);
  };
}

function formatReport(args) {
  let index = 1;
  const text = String(args[0]).replace(/%[sdo]/g, () => String(args[index++]));
  return text.split('\n').slice(0, 6).join('\n');
}

afterEach(() => {
  if (reports.length === 0) return;
  const found = reports.splice(0);
  throw new Error(`React reported ${found.length} warning(s):\n\n${found.join('\n\n')}`);
});
