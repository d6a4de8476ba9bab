import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../api/context';
import { useApplicationAction, useExhibitor, useHalls, useMeetings, useRecommendedDelegates, useUpdateExhibitor } from '../api/expo';
import { describeError } from '../api/problem';
import { useCities, useDirectory, useEvent } from '../api/queries';
import type { ApplicationAction, Exhibitor, Hall, Sector, UpdateExhibitor } from '../api/types';
import { Confirm } from '../components/Confirm';
import { CheckboxGroup, Field, FormFooter } from '../components/FormParts';
import { MeetingList, MeetingRequestForm } from '../components/Meetings';
import { ErrorMessage, Loading, OutcomeFlash } from '../components/Status';
import { useI18n } from '../i18n/context';
import { formErrors } from '../lib/fieldErrors';
import { describeApplicationMove, ownApplicationActions, SECTORS } from '../lib/expo';
import { fullName } from '../lib/names';

/** The exhibitor portal: the profile, the booths, the meetings and the suggested delegates. */
export function ExhibitorPortal() {
  const { t, pick } = useI18n();
  const { me } = useAuth();
  const exhibitorId = me?.exhibitor_id ?? null;
  const exhibitor = useExhibitor(exhibitorId);
  const halls = useHalls();

  if (exhibitorId === null) {
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('portal.noExhibitor')}
        </p>
      </div>
    );
  }
  if (exhibitor.isPending) return <Loading />;
  if (exhibitor.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={exhibitor.error} onRetry={() => void exhibitor.refetch()} />
      </div>
    );
  }
  const e = exhibitor.data;
  const hallName = new Map((halls.data ?? []).map((hall) => [hall.id, pick(hall.name)]));

  return (
    <div className="page portal-page">
      <p className="eyebrow">
        <span className={e.status === 'approved' ? 'chip chip-ok' : 'chip chip-warn'}>{t(`application.${e.status}`)}</span>
      </p>
      <h1>{pick(e.name)}</h1>
      <p className="lead">{t('portal.intro')}</p>
      <nav className="portal-nav" aria-label={t('portal.sections')}>
        <a href="#application-heading">{t('portal.application')}</a>
        <a href="#profile-heading">{t('portal.profile')}</a>
        <a href="#booths-heading">{t('portal.booths')}</a>
        <a href="#pmeetings-heading">{t('portal.meetings')}</a>
        <a href="#delegates-heading">{t('portal.delegates')}</a>
      </nav>

      <div className="session-layout">
        <ProfileForm key={e.version} exhibitor={e} />
        <div className="portal-side">
          <Application exhibitor={e} />
          <section className="card" aria-labelledby="booths-heading">
            <h2 id="booths-heading">{t('portal.booths')}</h2>
            {e.booths.length === 0 ? <p className="muted">{t('expo.noBooth')}</p> : null}
            <ul className="plain-list">
              {e.booths.map((booth) => (
                <li key={booth.booth_id}>
                  <Link to={`/expo/halls/${String(booth.hall_id)}?booth=${String(booth.booth_id)}`}>
                    {t('expo.boothIn', { code: booth.code, hall: hallName.get(booth.hall_id) ?? '' })}
                  </Link>
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/expo/exhibitors/${String(e.id)}`}>{t('portal.publicPage')}</Link>
            </p>
          </section>
        </div>
      </div>

      <PortalMeetings exhibitor={e} halls={halls.data ?? []} />
      <SuggestedDelegates exhibitor={e} halls={halls.data ?? []} />
    </div>
  );
}

/**
 * Where the application stands, in plain words, and the actions the exhibitor may take
 * itself of those the API allows now (`allowed_actions`): withdraw, asked first because it
 * frees the booths and cancels open meetings, or reapply.
 */
function Application({ exhibitor }: { exhibitor: Exhibitor }) {
  const { t, pick } = useI18n();
  const transition = useApplicationAction();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const actions = ownApplicationActions(exhibitor.allowed_actions);
  const name = pick(exhibitor.name);
  const booths = exhibitor.booths.map((b) => b.code).join(', ');

  const run = (action: ApplicationAction) => {
    const from = exhibitor.status;
    setOutcome(null);
    transition.mutate(
      { id: exhibitor.id, action },
      {
        onSuccess: (result) => {
          setConfirming(false);
          setOutcome({ ok: true, text: describeApplicationMove(t, name, from, result) });
        },
        onError: (error) => {
          setConfirming(false);
          const { key, params, detail } = describeError(error);
          setOutcome({ ok: false, text: detail ? `${t(key, params)} ${detail}` : t(key, params) });
        },
      },
    );
  };

  return (
    <section className="card application-card" aria-labelledby="application-heading">
      <h2 id="application-heading">{t('portal.application')}</h2>
      <p>{t(`portal.appStatus.${exhibitor.status}`)}</p>
      <OutcomeFlash outcome={outcome} />
      {actions.length === 0 ? <p className="muted small">{t('portal.noOwnActions')}</p> : null}
      {confirming ? (
        <Confirm
          variant="box"
          question={t('portal.withdrawConfirm')}
          detail={booths ? t('portal.withdrawBooths', { booths }) : t('portal.withdrawMeetings')}
          yes={t('portal.withdrawYes')}
          busy={transition.isPending}
          onYes={() => {
            run('withdraw');
          }}
          onCancel={() => {
            setConfirming(false);
          }}
        />
      ) : (
        <div className="row-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className="button button-secondary button-small"
              disabled={transition.isPending}
              onClick={() => {
                if (action === 'withdraw') setConfirming(true);
                else run(action);
              }}
            >
              {t(`applicationAction.${action}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

interface Draft {
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
  website: string;
  logoUrl: string;
  sectors: Sector[];
}

function toDraft(e: Exhibitor): Draft {
  return {
    nameEn: e.name.en,
    nameZh: e.name.zh ?? '',
    descriptionEn: e.description?.en ?? '',
    descriptionZh: e.description?.zh ?? '',
    website: e.website ?? '',
    logoUrl: e.logo_url ?? '',
    sectors: e.sectors,
  };
}

/** The changes as the API takes them: language maps with the Chinese text only when given. */
function toUpdate(d: Draft): UpdateExhibitor {
  return {
    name: { en: d.nameEn.trim(), ...(d.nameZh.trim() ? { zh: d.nameZh.trim() } : {}) },
    description: { en: d.descriptionEn.trim(), ...(d.descriptionZh.trim() ? { zh: d.descriptionZh.trim() } : {}) },
    website: d.website.trim() || null,
    logo_url: d.logoUrl.trim() || null,
    sectors: d.sectors,
  };
}

/** The exhibitor's own profile; 422s are shown at their fields. */
function ProfileForm({ exhibitor }: { exhibitor: Exhibitor }) {
  const { t } = useI18n();
  const save = useUpdateExhibitor(exhibitor.id);
  const [draft, setDraft] = useState<Draft>(() => toDraft(exhibitor));
  const { errorFor, others } = formErrors(save.error, ['name', 'description', 'website', 'logo_url', 'sectors']);
  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
  };

  const text = (id: string, name: string, label: string, value: string, onChange: (v: string) => void, opts: { multiline?: boolean; type?: string } = {}) => (
    <Field id={id} label={label} error={errorFor(name)}>
      {(props) => {
        const control = {
          ...props,
          value,
          onChange: (e: { target: { value: string } }) => {
            onChange(e.target.value);
          },
        };
        return opts.multiline ? <textarea rows={3} {...control} /> : <input type={opts.type ?? 'text'} {...control} />;
      }}
    </Field>
  );

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(toUpdate(draft));
  };

  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('portal.profile')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="grid-2">
          {text('ep-name-en', 'name.en', t('portal.nameEn'), draft.nameEn, (v) => { update({ nameEn: v }); })}
          {text('ep-name-zh', 'name.zh', t('portal.nameZh'), draft.nameZh, (v) => { update({ nameZh: v }); })}
        </div>
        {text('ep-desc-en', 'description.en', t('portal.descriptionEn'), draft.descriptionEn, (v) => { update({ descriptionEn: v }); }, { multiline: true })}
        {text('ep-desc-zh', 'description.zh', t('portal.descriptionZh'), draft.descriptionZh, (v) => { update({ descriptionZh: v }); }, { multiline: true })}
        <div className="grid-2">
          {text('ep-website', 'website', t('expo.website'), draft.website, (v) => { update({ website: v }); }, { type: 'url' })}
          {text('ep-logo', 'logo_url', t('portal.logo'), draft.logoUrl, (v) => { update({ logoUrl: v }); }, { type: 'url' })}
        </div>
        <CheckboxGroup
          id="ep-sectors"
          legend={t('expo.sectors')}
          options={SECTORS}
          value={draft.sectors}
          error={errorFor('sectors')}
          label={(sector) => <span>{t(`sector.${sector}`)}</span>}
          onChange={(sectors) => {
            update({ sectors });
          }}
        />
        <FormFooter error={save.error} others={others} pending={save.isPending} submit={t('portal.save')} submitting={t('portal.saving')}>
          {save.isSuccess ? (
            <p className="flash flash-ok" role="status">
              {t('portal.saved')}
            </p>
          ) : null}
        </FormFooter>
      </form>
    </section>
  );
}

/** The delegates' names the exhibitor may see: public profiles and suggested delegates. */
function useDelegateNames(exhibitorId: number) {
  const directory = useDirectory('');
  const suggested = useRecommendedDelegates(exhibitorId);
  const names = new Map<number, string>();
  for (const profile of directory.data ?? []) names.set(profile.id, fullName(profile));
  for (const item of suggested.data?.items ?? []) names.set(item.delegate.id, fullName(item.delegate));
  return names;
}

function PortalMeetings({ exhibitor, halls }: { exhibitor: Exhibitor; halls: readonly Hall[] }) {
  const { t } = useI18n();
  const event = useEvent();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const meetings = useMeetings({ exhibitor_id: exhibitor.id });
  const names = useDelegateNames(exhibitor.id);
  return (
    <section aria-labelledby="pmeetings-heading" className="portal-section">
      <h2 id="pmeetings-heading">{t('portal.meetings')}</h2>
      <p className="muted">{t('portal.meetingsIntro', { zone })}</p>
      {meetings.isPending ? <Loading /> : null}
      {meetings.isError ? <ErrorMessage error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
      {meetings.data ? (
        <MeetingList
          meetings={meetings.data}
          viewer="exhibitor"
          halls={halls}
          zone={zone}
          counterpart={(m) => names.get(m.delegate_id) ?? t('meetings.delegateN', { id: m.delegate_id })}
        />
      ) : null}
    </section>
  );
}

/** Delegates the matchmaking suggests, each with its reason and a meeting request. */
function SuggestedDelegates({ exhibitor, halls }: { exhibitor: Exhibitor; halls: readonly Hall[] }) {
  const { t, pick } = useI18n();
  const event = useEvent();
  const cities = useCities();
  const zone = event.data?.time_zone ?? 'Asia/Shanghai';
  const suggested = useRecommendedDelegates(exhibitor.id);
  const ownHall = halls.find((hall) => exhibitor.booths.some((b) => b.hall_id === hall.id)) ?? halls[0];
  const items = suggested.data?.items ?? [];
  return (
    <section aria-labelledby="delegates-heading" className="portal-section">
      <h2 id="delegates-heading">{t('portal.delegates')}</h2>
      {suggested.isPending ? <Loading /> : null}
      {suggested.isError ? <ErrorMessage error={suggested.error} onRetry={() => void suggested.refetch()} /> : null}
      {suggested.data && items.length === 0 ? <p className="state state-empty">{t('portal.noDelegates')}</p> : null}
      <ul className="cards">
        {items.map(({ delegate, explanation, score }) => {
          const name = fullName(delegate);
          const city = cities.data?.get(delegate.city_id);
          return (
            <li key={delegate.id} className="card suggested-delegate">
              <h3>
                {delegate.honorific ? <span className="honorific">{delegate.honorific} </span> : null}
                {name}
              </h3>
              <p className="muted">{[delegate.title, city ? pick(city.name) : null].filter(Boolean).join(' · ')}</p>
              <p className="why">
                <span className="why-label">{t('recommended.why')}</span> {explanation}
              </p>
              <p className="muted small">{t('recommended.score', { score })}</p>
              {exhibitor.status === 'approved' ? (
                <details>
                  <summary>{t('portal.propose', { name })}</summary>
                  <MeetingRequestForm
                    delegateId={delegate.id}
                    exhibitorId={exhibitor.id}
                    hall={ownHall}
                    chooseHall={exhibitor.booths.length === 0}
                    viewer="exhibitor"
                    zone={zone}
                    idPrefix={`pd-${String(delegate.id)}`}
                  />
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
