import builtin from './builtin.json';
import common from './common.json';
import errors from './errors.json';
import health from './health.json';
import hold from './hold.json';
import runs from './runs.json';
import scripts from './scripts.json';
import settings from './settings.json';
import tasks from './tasks.json';
import transfer from './transfer.json';

/** One file per area of the admin panel, so that areas can be edited without touching the others. */
export default {
  ...common,
  ...tasks,
  ...scripts,
  ...runs,
  ...settings,
  ...health,
  ...transfer,
  ...hold,
  ...errors,
  ...builtin,
} as Record<string, string>;
