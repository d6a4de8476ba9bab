import { describeError } from '../api/problem';
import { useI18n } from '../i18n/context';

/** An explicit loading state, announced to screen readers. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('state.loading')}
    </p>
  );
}

/** An explicit empty state. */
export function Empty({ message }: { message?: string }) {
  const { t } = useI18n();
  return <p className="state state-empty">{message ?? t('state.empty')}</p>;
}

/** What went wrong, in plain words, with the API's own detail when it has one. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const { key, params, detail } = describeError(error);
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t(key, params)}</strong>
        {detail ? <> {detail}</> : null}
      </p>
      {onRetry ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** What an action came to, in plain words: done (green) or refused (red). */
export type Outcome = { ok: boolean; text: string } | null;

/** An action's outcome, announced politely; the live region stays put so it is heard. */
export function OutcomeFlash({ outcome }: { outcome: Outcome }) {
  return (
    <div role="status" aria-live="polite">
      {outcome ? <p className={outcome.ok ? 'flash flash-ok' : 'flash flash-fail'}>{outcome.text}</p> : null}
    </div>
  );
}
