// How busy the machine is with work that is not ours, for `npm test` to decide whether phases may
// run side by side. Sampled between phases, when nothing of the suite runs (its database servers
// idle), so what /proc/stat counts as busy is other work: processes of other sessions, and the
// time a virtual machine's cores were given to other machines (steal).
import { readFileSync } from 'node:fs';

/** The machine's CPU ticks as /proc/stat's first line counts them; null off Linux. */
const cpuTicks = () => {
  try {
    const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [, ...fields] = line.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.slice(0, 8).map(Number);
    return {
      busy: user + nice + system + irq + softirq + steal,
      total: user + nice + system + idle + iowait + irq + softirq + steal,
    };
  } catch {
    return null;
  }
};

/** The share (0–1) of all cores busy over the next `ms` milliseconds; null off Linux. */
export const busyShare = async (ms) => {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTicks();
  if (!before || !after || after.total === before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
};
