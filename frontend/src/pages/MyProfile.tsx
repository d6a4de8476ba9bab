import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApi, useAuth } from '../api/context';
import { ApiError, unwrap } from '../api/problem';
import { queryKeys, useCities, useEvent } from '../api/queries';
import type { Delegate } from '../api/types';
import { Field } from '../components/FormParts';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { EVENT_SLUG } from '../lib/event';
import { fullName } from '../lib/names';
import { bioNeedsEnglish, toForm, toPatch, type ProfileForm } from '../lib/profileForm';
import { zoneLabel } from '../lib/time';

/** A delegate record with the ETag it was read with, for `If-Match`. */
interface Versioned {
  delegate: Delegate;
  etag: string | null;
}

/** "My profile": a delegate's own contact, needs, travel, biography and privacy consent. */
export function MyProfile() {
  const { t } = useI18n();
  const { me } = useAuth();
  const api = useApi();
  const event = useEvent();
  const id = me?.delegate_id ?? null;
  // Which version the last save produced: the editor restarts on it and says so.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  const record = useQuery({
    queryKey: queryKeys.delegate(EVENT_SLUG, id ?? 0),
    enabled: id !== null,
    queryFn: async (): Promise<Versioned> => {
      const result = await api.GET('/api/v1/events/{event}/delegates/{id}', {
        params: { path: { event: EVENT_SLUG, id: id ?? 0 } },
      });
      return { delegate: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });

  if (id === null) {
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('guard.noDelegate')}
        </p>
      </div>
    );
  }
  if (record.isPending || event.isPending) return <Loading />;
  if (record.isError || event.isError) {
    return (
      <div className="page">
        <ErrorMessage
          error={record.error ?? event.error}
          onRetry={() => {
            void record.refetch();
            void event.refetch();
          }}
        />
      </div>
    );
  }
  // A new version (after a save or a reload) starts the form afresh.
  return (
    <ProfileEditor
      key={record.data.delegate.version}
      record={record.data}
      timeZone={event.data.time_zone}
      saved={savedVersion === record.data.delegate.version}
      onSaved={setSavedVersion}
      onReload={() => void record.refetch()}
    />
  );
}

interface EditorProps {
  record: Versioned;
  timeZone: string;
  saved: boolean;
  onSaved: (version: number | null) => void;
  onReload: () => void;
}

function ProfileEditor({ record, timeZone, saved, onSaved, onReload }: EditorProps) {
  const { t, locale, pick } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const cities = useCities();
  const { delegate } = record;
  const [form, setForm] = useState<ProfileForm>(() => toForm(delegate, timeZone));
  const [localError, setLocalError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: async (): Promise<Versioned> => {
      const result = await api.PATCH('/api/v1/events/{event}/delegates/{id}', {
        params: {
          path: { event: EVENT_SLUG, id: delegate.id },
          header: record.etag ? { 'If-Match': record.etag } : {},
        },
        body: toPatch(delegate, form, timeZone),
      });
      return { delegate: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.delegate(EVENT_SLUG, delegate.id), next);
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      void queryClient.invalidateQueries({ queryKey: ['totals'] });
      onSaved(next.delegate.version);
    },
  });

  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : new Map<string, string>();
  const errorFor = (...names: string[]): string | undefined => {
    for (const [field, message] of fieldErrors) {
      if (names.some((name) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`))) {
        return message;
      }
    }
    return undefined;
  };

  const set = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => {
    if (saved) onSaved(null);
    setForm((current) => ({ ...current, [key]: value }));
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    onSaved(null);
    if (bioNeedsEnglish(form)) {
      setLocalError(t('me.bioEnRequired'));
      return;
    }
    setLocalError(null);
    save.mutate();
  };

  const zone = `${timeZone}, ${zoneLabel(timeZone, locale)}`;
  const city = cities.data?.get(delegate.city_id);
  const textField = (key: TextKey, label: string, props: InputProps = {}) => (
    <Field id={`me-${key}`} label={label} error={errorFor(key)} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete}
          value={form[key]}
          onChange={(e) => {
            set(key, e.target.value);
          }}
        />
      )}
    </Field>
  );

  return (
    <div className="page narrow">
      <h1>{t('me.title')}</h1>
      <div className="card profile-head">
        <div>
          <p className="profile-name">
            {delegate.honorific ? `${delegate.honorific} ` : ''}
            {fullName(delegate)}
          </p>
          <p className="muted">
            {delegate.title ?? t(`delegateRole.${delegate.role}`)}
            {city ? ` · ${pick(city.name)}` : ''}
          </p>
        </div>
        <dl className="profile-facts">
          <div>
            <dt>{t('me.status')}</dt>
            <dd>
              <span className={`badge badge-${delegate.accreditation_status}`}>
                {t(`status.${delegate.accreditation_status}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('me.badge')}</dt>
            <dd className="mono">{delegate.badge_code}</dd>
          </div>
        </dl>
      </div>
      <p className="lead">{t('me.intro')}</p>
      <p>
        <Link to="/account">{t('me.accountLink')}</Link>
      </p>

      <form className="form" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>{t('me.privacy')}</legend>
          <div className="checkbox-field">
            <input
              id="me-consent"
              type="checkbox"
              checked={form.consent_public_profile}
              aria-describedby="me-consent-help"
              onChange={(e) => {
                set('consent_public_profile', e.target.checked);
              }}
            />
            <label htmlFor="me-consent">{t('me.consent')}</label>
          </div>
          <p id="me-consent-help" className="hint">
            {t('me.consentHelp')}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('me.contact')}</legend>
          <div className="grid-2">
            {textField('email', t('me.email'), { type: 'email', autoComplete: 'email' })}
            {textField('phone', t('me.phone'), { type: 'tel', autoComplete: 'tel' })}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('me.needs')}</legend>
          <div className="grid-2">
            {textField('dietary_needs', t('me.dietary'))}
            {textField('accessibility_needs', t('me.accessibility'))}
          </div>
          {textField('interpretation_needs', t('me.interpretation'), { hint: t('me.example', { example: 'zh, en' }) })}
        </fieldset>

        <fieldset>
          <legend>{t('me.travel')}</legend>
          <div className="grid-2">
            {textField('arrival_at', t('me.arrival', { zone }), { type: 'datetime-local' })}
            {textField('departure_at', t('me.departure', { zone }), { type: 'datetime-local' })}
          </div>
          {textField('hotel', t('me.hotel'))}
        </fieldset>

        <fieldset>
          <legend>{t('me.about')}</legend>
          {textField('languages', t('me.languages'), { hint: t('me.example', { example: 'en, fr, zh' }) })}
          <Field id="me-bio-en" label={t('me.bioEn')} error={errorFor('bio')}>
            {(control) => (
              <textarea
                {...control}
                rows={3}
                lang="en"
                value={form.bio_en}
                onChange={(e) => {
                  set('bio_en', e.target.value);
                }}
              />
            )}
          </Field>
          <Field id="me-bio-zh" label={t('me.bioZh')}>
            {(control) => (
              <textarea
                {...control}
                rows={3}
                lang="zh-Hans"
                value={form.bio_zh}
                onChange={(e) => {
                  set('bio_zh', e.target.value);
                }}
              />
            )}
          </Field>
          {textField('photo_url', t('me.photo'), { type: 'url' })}
        </fieldset>

        <div className="form-footer" aria-live="polite">
          {localError ? (
            <p className="state state-error" role="alert">
              {localError}
            </p>
          ) : null}
          {save.isError ? (
            <ErrorMessage
              error={save.error}
              onRetry={save.error instanceof ApiError && save.error.status === 412 ? onReload : undefined}
            />
          ) : null}
          {saved ? (
            <p className="state state-ok" role="status">
              {t('me.saved')}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t('me.saving') : t('me.save')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The form's text inputs (all but the consent box). */
type TextKey = Exclude<keyof ProfileForm, 'consent_public_profile'>;

interface InputProps {
  type?: string;
  autoComplete?: string;
  hint?: string;
}
