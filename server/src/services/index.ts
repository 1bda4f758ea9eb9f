import builtin from '../builtin/service';
import cancels from './cancels';
import code from './code';
import executor from './executor';
import health from './health';
import history from './history';
import hold from './hold';
import leases from './leases';
import metrics from './metrics';
import notifications from './notifications';
import runPages from './run-pages';
import runs from './runs';
import sandbox from './sandbox';
import scheduler from './scheduler';
import scripts from './scripts';
import settings from './settings';
import signatures from './signatures';
import status from './status';
import storage from './storage';
import taskStore from './task-store';
import tasks from './tasks';
import timer from './timer';
import transfer from './transfer';
import wakeups from './wakeups';

const services = {
  builtin,
  cancels,
  code,
  executor,
  health,
  history,
  hold,
  leases,
  metrics,
  notifications,
  runPages,
  runs,
  sandbox,
  scheduler,
  scripts,
  settings,
  signatures,
  status,
  storage,
  taskStore,
  tasks,
  timer,
  transfer,
  wakeups,
};

export type Services = typeof services;
export default services;
