import { useEffect, useRef, useState } from 'react';
import { SEARCH_MIN, useDelegateSearch } from '../api/program';
import { useCities } from '../api/queries';
import type { SpeakerRole } from '../api/types';
import { useI18n } from '../i18n/context';
import { fullName } from '../lib/names';
import { addSpeaker, isSpeakerRole, moveSpeaker, SPEAKER_ROLES, type SpeakerDraft } from '../lib/speakers';

/**
 * A session's speakers, moderators and panellists in programme order: each row's role can
 * change, the row can move up or down or go; a delegate found by name joins at the end.
 * The API's 422s show at the list (`speakers`) or at the row they name (`speakers[i]…`).
 * A speaker without a public profile carries a warning (tied to the row's role select by
 * `aria-describedby`): the public programme names them only as a delegate of their city.
 */
export function SpeakersField({
  id,
  speakers,
  onChange,
  errors,
}: {
  id: string;
  speakers: readonly SpeakerDraft[];
  onChange: (next: SpeakerDraft[]) => void;
  errors: { list: string | undefined; rows: ReadonlyMap<number, string> };
}) {
  const { t, pick } = useI18n();
  const cities = useCities();
  const [needle, setNeedle] = useState('');
  const [choice, setChoice] = useState<number | null>(null);
  const [role, setRole] = useState<SpeakerRole>('speaker');
  // After a move the pressed button's row is elsewhere: the focus follows it.
  const focusAfterMove = useRef<string | null>(null);
  const search = useDelegateSearch(needle);
  const found = needle.trim().length >= SEARCH_MIN ? (search.data ?? []) : [];
  const onList = new Set(speakers.map((s) => s.delegateId));
  const available = found.filter((d) => !onList.has(d.id));
  // One delegate left to add: it is the choice without a second step.
  const chosen = available.find((d) => d.id === choice) ?? (available.length === 1 ? available[0] : undefined);

  useEffect(() => {
    const id = focusAfterMove.current;
    if (id === null) return;
    focusAfterMove.current = null;
    const target = document.getElementById(id);
    if (target instanceof HTMLButtonElement && !target.disabled) target.focus();
  });

  const move = (index: number, by: number, button: string) => {
    focusAfterMove.current = button;
    onChange(moveSpeaker(speakers, index, by));
  };
  const listError = errors.list;

  return (
    <fieldset
      className={listError ? 'speakers-field field-invalid' : 'speakers-field'}
      aria-describedby={[`${id}-hint`, listError ? `${id}-error` : null].filter(Boolean).join(' ')}
    >
      <legend>{t('speakers.legend')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('speakers.hint')}
      </p>
      {speakers.length === 0 ? <p className="muted">{t('speakers.none')}</p> : null}
      {speakers.length > 0 ? (
        <ol className="speaker-list">
          {speakers.map((speaker, index) => {
            const rowError = errors.rows.get(index);
            const row = `${id}-${String(speaker.delegateId)}`;
            const city = cities.data?.get(speaker.cityId);
            const described = [speaker.publicProfile ? null : `${row}-private`, rowError ? `${row}-error` : null].filter(Boolean);
            return (
              <li key={speaker.delegateId} className={rowError ? 'speaker-row field-invalid' : 'speaker-row'}>
                <span className="speaker-name">{speaker.name}</span>
                <select
                  className="speaker-role"
                  aria-label={t('speakers.roleOf', { name: speaker.name })}
                  value={speaker.role}
                  aria-invalid={rowError ? true : undefined}
                  aria-describedby={described.length > 0 ? described.join(' ') : undefined}
                  onChange={(e) => {
                    const next = e.target.value;
                    if (isSpeakerRole(next)) onChange(speakers.map((s, i) => (i === index ? { ...s, role: next } : s)));
                  }}
                >
                  {SPEAKER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`speakerRole.${r}`)}
                    </option>
                  ))}
                </select>
                <span className="row-actions">
                  <button
                    type="button"
                    id={`${row}-up`}
                    className="button button-secondary button-small"
                    aria-label={t('speakers.up', { name: speaker.name })}
                    disabled={index === 0}
                    onClick={() => {
                      move(index, -1, index === 1 ? `${row}-down` : `${row}-up`);
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    id={`${row}-down`}
                    className="button button-secondary button-small"
                    aria-label={t('speakers.down', { name: speaker.name })}
                    disabled={index === speakers.length - 1}
                    onClick={() => {
                      move(index, 1, index === speakers.length - 2 ? `${row}-up` : `${row}-down`);
                    }}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={t('speakers.removeNamed', { name: speaker.name })}
                    onClick={() => {
                      onChange(speakers.filter((_, i) => i !== index));
                    }}
                  >
                    {t('speakers.remove')}
                  </button>
                </span>
                {speaker.publicProfile ? null : (
                  <span className="speaker-private" id={`${row}-private`}>
                    {city ? t('speakers.notPublic', { city: pick(city.name) }) : t('speakers.notPublicNoCity')}
                  </span>
                )}
                {rowError ? (
                  <span className="field-error" id={`${row}-error`}>
                    {rowError}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      <div className="speaker-add">
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('speakers.find')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={needle}
            placeholder={t('speakers.findPlaceholder')}
            onChange={(e) => {
              setNeedle(e.target.value);
              setChoice(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-choice`}>{t('speakers.delegate')}</label>
          <select
            id={`${id}-choice`}
            value={chosen ? String(chosen.id) : ''}
            aria-busy={search.isFetching}
            onChange={(e) => {
              const next = Number(e.target.value);
              setChoice(Number.isSafeInteger(next) && next > 0 ? next : null);
            }}
          >
            <option value="">
              {needle.trim().length < SEARCH_MIN
                ? t('speakers.typeToFind')
                : search.isPending
                  ? t('state.loading')
                  : t('speakers.matches', { count: found.length })}
            </option>
            {found.map((d) => (
              <option key={d.id} value={d.id} disabled={onList.has(d.id)}>
                {fullName(d)}
                {d.title ? ` · ${d.title}` : ''}
                {onList.has(d.id) ? ` ${t('speakers.onList')}` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('speakers.role')}</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => {
              if (isSpeakerRole(e.target.value)) setRole(e.target.value);
            }}
          >
            {SPEAKER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`speakerRole.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            onChange(
              addSpeaker(speakers, {
                delegateId: chosen.id,
                name: fullName(chosen),
                role,
                cityId: chosen.city_id,
                publicProfile: chosen.consent_public_profile,
              }),
            );
            setChoice(null);
          }}
        >
          {t('speakers.add')}
        </button>
      </div>
      {search.isError ? <p className="field-error">{t('speakers.searchFailed')}</p> : null}
      {listError ? (
        <span className="field-error" id={`${id}-error`}>
          {listError}
        </span>
      ) : null}
    </fieldset>
  );
}
