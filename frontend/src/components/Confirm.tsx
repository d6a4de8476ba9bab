import { useI18n } from '../i18n/context';

/**
 * The second step of an action that cannot be undone (revoke, delete, withdraw): the
 * question, what follows from it, a red "yes" and a way back. `row` fits a table's action
 * cell; `box` stands on its own in a card.
 */
export function Confirm({
  question,
  detail,
  yes,
  busy,
  onYes,
  onCancel,
  variant = 'row',
}: {
  question: string;
  detail?: string | undefined;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
  variant?: 'row' | 'box';
}) {
  const { t } = useI18n();
  const buttons = (
    <>
      <button type="button" className="button button-danger button-small" disabled={busy} onClick={onYes}>
        {yes}
      </button>
      <button type="button" className="button button-secondary button-small" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </>
  );
  if (variant === 'box') {
    return (
      <div className="confirm-box" role="group" aria-label={question}>
        <p>
          <strong>{question}</strong> {detail}
        </p>
        <div className="row-actions">{buttons}</div>
      </div>
    );
  }
  return (
    <div className="row-actions confirm" role="group" aria-label={question}>
      <span className="small">{question}</span>
      {detail ? <span className="small">{detail}</span> : null}
      {buttons}
    </div>
  );
}
