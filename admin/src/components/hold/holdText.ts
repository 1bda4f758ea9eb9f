/**
 * How the maintenance hold reads in the admin panel, kept pure: the sentence for the banner, the
 * settings section, the tasks list header and the run-now confirmation. No React.
 */
import type { HoldState } from '../../../../server/src/contracts';
import type { Translate } from '../../hooks/useTranslate';

/** "On hold since 4 Dec 2026, 23:40 by Ada: database migration", in the user's language. */
export const holdSentence = (
  hold: HoldState,
  t: Translate,
  formatDate: (epochMs: number) => string
): string => {
  const values = {
    since: hold.since === null ? '' : formatDate(hold.since),
    by: hold.by?.name ?? '',
    reason: hold.reason ?? '',
  };
  const base = hold.by
    ? t('hold.state.heldBy', 'Maintenance is on hold since {since}, by {by}.', values)
    : t('hold.state.held', 'Maintenance is on hold since {since}.', values);
  return hold.reason ? `${base} ${t('hold.state.reason', 'Reason: {reason}', values)}` : base;
};
