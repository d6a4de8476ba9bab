import type { Speaker, SpeakerInput, SpeakerRole } from '../api/types';
import { shownName } from './names';

/**
 * Roles on stage in display order. The object's type makes the list complete: a role added
 * to the spec fails the build until it is placed here.
 */
const ROLE_ORDER: Record<SpeakerRole, number> = {
  moderator: 0,
  speaker: 1,
  panelist: 2,
};

export const SPEAKER_ROLES = (Object.keys(ROLE_ORDER) as SpeakerRole[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

export function isSpeakerRole(value: unknown): value is SpeakerRole {
  return typeof value === 'string' && Object.hasOwn(ROLE_ORDER, value);
}

/**
 * A speaker in the session form: who, their role, and (by their place in the list) their
 * order; their city and whether the public sees who they are, so that the form can warn
 * that the public programme shows a non-consenting speaker only by city.
 */
export interface SpeakerDraft {
  delegateId: number;
  name: string;
  role: SpeakerRole;
  cityId: number;
  publicProfile: boolean;
}

/**
 * A session's speakers in programme order, as the form edits them. Organizers, the form's
 * only users, recognise every speaker; one the caller may not recognise (no id, no name)
 * cannot be edited and is left out.
 */
export function speakerDrafts(speakers: readonly Speaker[]): SpeakerDraft[] {
  return [...speakers]
    .sort((a, b) => a.position - b.position || (a.delegate_id ?? 0) - (b.delegate_id ?? 0))
    .flatMap((s) => {
      const name = shownName(s);
      return s.delegate_id == null || name === null
        ? []
        : [{ delegateId: s.delegate_id, name, role: s.role, cityId: s.city_id, publicProfile: s.public_profile }];
    });
}

/** The list with a delegate added at the end; a delegate already on it is not added twice. */
export function addSpeaker(list: readonly SpeakerDraft[], speaker: SpeakerDraft): SpeakerDraft[] {
  return list.some((s) => s.delegateId === speaker.delegateId) ? [...list] : [...list, speaker];
}

/** The list with the speaker at `index` moved `by` places (clamped to the list's ends). */
export function moveSpeaker(list: readonly SpeakerDraft[], index: number, by: number): SpeakerDraft[] {
  const next = [...list];
  const to = Math.min(next.length - 1, Math.max(0, index + by));
  const [moved] = next.splice(index, 1);
  if (moved === undefined) return [...list];
  next.splice(to, 0, moved);
  return next;
}

/** The speakers as the API takes them: the list's order is the programme's (positions from 1). */
export function speakerInputs(list: readonly SpeakerDraft[]): SpeakerInput[] {
  return list.map((s, index) => ({ delegate_id: s.delegateId, role: s.role, position: index + 1 }));
}

/**
 * A 422's speaker errors: those about the whole list (`speakers`) and those about one
 * speaker (`speakers[2]`, `speakers[2].role`), by its index in the list that was sent.
 */
export function speakerErrors(errors: ReadonlyMap<string, string>): { list: string | undefined; rows: Map<number, string> } {
  let list: string | undefined;
  const rows = new Map<number, string>();
  for (const [field, message] of errors) {
    if (field === 'speakers') {
      list ??= message;
      continue;
    }
    const row = /^speakers\[(\d+)\]/.exec(field);
    if (row?.[1] !== undefined) {
      const index = Number(row[1]);
      if (!rows.has(index)) rows.set(index, message);
    }
  }
  return { list, rows };
}
