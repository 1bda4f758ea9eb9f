import { useTranslate } from '../../hooks/useTranslate';

/** Labels and one-line explanations of the plugin's events (server/src/constants.ts). */
const EVENT_TEXT: Record<string, { label: string; explain: string }> = {
  'maintenance.run.failed': {
    label: 'Run failed',
    explain: 'A scheduled slot failed: its last attempt failed, retries included.',
  },
  'maintenance.task.paused': {
    label: 'Task paused',
    explain: 'A task paused itself after too many failed slots in a row.',
  },
  'maintenance.task.recovered': {
    label: 'Task recovered',
    explain: 'A scheduled run succeeded after one or more failed slots.',
  },
  'maintenance.wakeups.stopped': {
    label: 'Wake-ups stopped',
    explain: 'Nothing has woken the plugin although tasks are due (cron job or timer gone).',
  },
  'maintenance.run.cancelled': {
    label: 'Run cancelled',
    explain: 'An administrator stopped a running run; it was recorded as cancelled.',
  },
};

/** An event's label and explanation, translated; an event the plugin does not know keeps its name. */
export const useEventText = () => {
  const t = useTranslate();
  return {
    label: (event: string) =>
      EVENT_TEXT[event]
        ? t(`settings.notifications.event.${event}`, EVENT_TEXT[event].label)
        : event,
    explain: (event: string) =>
      EVENT_TEXT[event]
        ? t(`settings.notifications.event.${event}.explain`, EVENT_TEXT[event].explain)
        : '',
  };
};
