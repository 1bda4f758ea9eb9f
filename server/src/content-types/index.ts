import run from './run';
import script from './script';
import scriptVersion from './script-version';
import task from './task';

export default { script, task, run, 'script-version': scriptVersion };
