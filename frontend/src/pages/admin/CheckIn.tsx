import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useApi } from '../../api/context';
import { describeError, unwrap } from '../../api/problem';
import { queryKeys, useCities, useEvent } from '../../api/queries';
import type { CheckInResult } from '../../api/types';
import { useI18n } from '../../i18n/context';
import { fromError, fromResult, normaliseCode, toneOf, type ScanOutcome } from '../../lib/checkIn';
import { EVENT_SLUG } from '../../lib/event';
import { fullName } from '../../lib/names';
import { formatTime, formatWhen } from '../../lib/time';

interface Scan {
  seq: number;
  code: string;
  at: string;
  outcome: ScanOutcome;
}

const HISTORY = 8;

/**
 * The check-in desk. A keyboard-wedge scanner types the code and presses Enter, so the
 * field keeps the focus and empties itself after every scan; the newest scan's outcome
 * fills the screen, the ones before it stay listed below.
 */
export function CheckIn() {
  const { t, locale } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const event = useEvent();
  const timeZone = event.data?.time_zone ?? 'UTC';
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  const [code, setCode] = useState('');
  const [scans, setScans] = useState<Scan[]>([]);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const settle = (id: number, outcome: ScanOutcome) => {
    setScans((current) => current.map((scan) => (scan.seq === id ? { ...scan, outcome } : scan)));
  };

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const badge = normaliseCode(code);
    setCode('');
    input.current?.focus();
    if (!badge) return;
    seq.current += 1;
    const id = seq.current;
    setScans((current) =>
      [{ seq: id, code: badge, at: new Date().toISOString(), outcome: { kind: 'pending' } as const }, ...current].slice(
        0,
        HISTORY,
      ),
    );
    api
      .POST('/api/v1/events/{event}/check-in', {
        params: { path: { event: EVENT_SLUG } },
        body: { badge_code: badge },
      })
      .then(unwrap)
      .then((result) => {
        settle(id, fromResult(result));
        void queryClient.invalidateQueries({ queryKey: queryKeys.delegates(EVENT_SLUG) });
      })
      .catch((error: unknown) => {
        settle(id, fromError(error));
      });
  };

  const [latest, ...earlier] = scans;

  return (
    <div className="page checkin">
      <h1>{t('checkin.title')}</h1>
      <p className="lead">{t('checkin.intro')}</p>
      <form className="checkin-form" onSubmit={onSubmit} autoComplete="off">
        <label htmlFor="badge-code">{t('checkin.code')}</label>
        <div className="search-row">
          <input
            id="badge-code"
            ref={input}
            className="checkin-input"
            value={code}
            maxLength={64}
            spellCheck={false}
            autoCapitalize="characters"
            autoCorrect="off"
            inputMode="text"
            placeholder="GMD-XXXX-XXXX-XXXX-XXXX"
            onChange={(e) => {
              setCode(e.target.value);
            }}
          />
          <button type="submit" className="button button-large">
            {t('checkin.submit')}
          </button>
        </div>
      </form>

      <div
        className={`scan-result tone-${latest ? toneOf(latest.outcome) : 'idle'}`}
        role="status"
        aria-live="assertive"
        aria-atomic="true"
      >
        {latest ? <ScanView scan={latest} timeZone={timeZone} /> : <p className="scan-idle">{t('checkin.ready')}</p>}
      </div>

      {earlier.length > 0 ? (
        <section aria-labelledby="recent-heading" className="recent">
          <h2 id="recent-heading">{t('checkin.recent')}</h2>
          <ol className="recent-list">
            {earlier.map((scan) => (
              <li key={scan.seq} className={`tone-${toneOf(scan.outcome)}`}>
                <span className="recent-time">{formatTime(scan.at, locale, timeZone)}</span>
                <span className="mono">{scan.code}</span>
                <span>
                  <OutcomeLine outcome={scan.outcome} timeZone={timeZone} />
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function useHeadline(outcome: ScanOutcome, timeZone: string): string {
  const { t, locale } = useI18n();
  switch (outcome.kind) {
    case 'pending':
      return t('checkin.working');
    case 'checked_in':
      return t('checkin.ok');
    case 'already':
      return t('checkin.already', {
        time: outcome.result.checked_in_at ? formatWhen(outcome.result.checked_in_at, locale, timeZone) : '—',
      });
    case 'unknown':
      return t('checkin.unknown');
    case 'not_accredited':
      return t('checkin.notAccredited');
    case 'failed':
      return t('checkin.failed');
  }
}

function ScanView({ scan, timeZone }: { scan: Scan; timeZone: string }) {
  const { t, pick } = useI18n();
  const cities = useCities();
  const headline = useHeadline(scan.outcome, timeZone);
  const { outcome } = scan;
  const icon = { ok: '✓', warn: '!', error: '✗', pending: '…' }[toneOf(outcome)];
  const person: CheckInResult | null = outcome.kind === 'checked_in' || outcome.kind === 'already' ? outcome.result : null;
  const city = person ? cities.data?.get(person.city_id) : undefined;
  let detail: string | null = null;
  if (outcome.kind === 'unknown' || outcome.kind === 'not_accredited') detail = outcome.detail;
  if (outcome.kind === 'failed') {
    const described = describeError(outcome.error);
    detail = described.detail ?? t(described.key, described.params);
  }

  return (
    <div className="scan-view">
      <span className="scan-icon" aria-hidden="true">
        {icon}
      </span>
      <div>
        <p className="scan-headline">{headline}</p>
        {person ? <p className="scan-name">{fullName(person)}</p> : null}
        {city ? <p className="scan-city">{pick(city.name)}</p> : null}
        {detail ? <p className="scan-detail">{detail}</p> : null}
        <p className="scan-code mono">{t('checkin.code.label', { code: scan.code })}</p>
      </div>
    </div>
  );
}

function OutcomeLine({ outcome, timeZone }: { outcome: ScanOutcome; timeZone: string }) {
  const headline = useHeadline(outcome, timeZone);
  const person = outcome.kind === 'checked_in' || outcome.kind === 'already' ? fullName(outcome.result) : null;
  return (
    <>
      {headline}
      {person ? ` — ${person}` : ''}
    </>
  );
}
