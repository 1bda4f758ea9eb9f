'use strict';

/** A process's resident memory in bytes, from /proc (0 when there is no such process). */
const rssOf = (pid) => {
  if (!pid) return 0;
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
  } catch {
    return 0;
  }
};

module.exports = { rssOf };
