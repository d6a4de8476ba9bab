import { ApiError, describeError } from '../api/problem';
import type { MeetingAction, Party } from '../api/types';
import type { I18n } from '../i18n/context';
import { allowedFrom, formatSpan, isMeetingAction, meetingClashes, type MeetingClash } from './expo';

/** A failed meeting call in plain words: each clash of a 409, or what the state allows. */
export function meetingErrorLines(error: unknown, action: MeetingAction | 'request', viewer: Party, i18n: I18n, zone: string): string[] {
  const { t } = i18n;
  if (error instanceof ApiError && error.status === 409) {
    const clashes = meetingClashes(error.problem);
    if (clashes.length > 0) return [t('meetings.clashIntro'), ...clashes.map((c) => clashText(c, viewer, i18n, zone))];
    const allowed = allowedFrom(error.problem, isMeetingAction);
    if (allowed && action !== 'request') {
      return [
        t('meetings.notAllowed', {
          action: t(`meetingAction.${action}`),
          actions: allowed.length ? allowed.map((a) => t(`meetingAction.${a}`)).join(', ') : t('adminP.none'),
        }),
      ];
    }
  }
  const { key, params, detail } = describeError(error);
  return [detail ? `${t(key, params)} ${detail}` : t(key, params)];
}

function clashText(clash: MeetingClash, viewer: Party, { t, locale }: I18n, zone: string): string {
  const when = (from: string | null, to: string | null) => (from ? formatSpan(from, to, locale, zone) : '?');
  switch (clash.kind) {
    case 'meeting':
      return clash.party === viewer
        ? t('meetings.clashOwnMeeting', { when: when(clash.startsAt, clash.endsAt) })
        : t(clash.party === 'delegate' ? 'meetings.clashDelegateMeeting' : 'meetings.clashExhibitorMeeting', {
            when: when(clash.startsAt, clash.endsAt),
          });
    case 'session':
      return viewer === 'delegate'
        ? t('meetings.clashOwnSession', { title: clash.title, when: when(clash.startsAt, clash.endsAt) })
        : t('meetings.clashDelegateSession', { title: clash.title, when: when(clash.startsAt, clash.endsAt) });
    case 'meeting_tables':
      return t('meetings.clashTables', { tables: clash.tables ?? '?' });
    case 'other':
      return clash.text;
  }
}
