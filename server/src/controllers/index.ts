import health from './health';
import metrics from './metrics';
import runs from './runs';
import schedule from './schedule';
import scripts from './scripts';
import settings from './settings';
import status from './status';
import tasks from './tasks';
import transfer from './transfer';
import wakeups from './wakeups';

export default {
  health,
  metrics,
  runs,
  schedule,
  scripts,
  settings,
  status,
  tasks,
  transfer,
  wakeups,
};
