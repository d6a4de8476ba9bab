import { useId, useState } from 'react';
import { useI18n } from '../i18n/context';

/**
 * A secret the API shows exactly once (a new API token, a webhook's signing secret): a
 * warning in plain words, the value in a read-only field that selects itself on focus,
 * and a copy button. Closing it forgets the secret.
 */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = () => {
    setCopied(null);
    // The clipboard may be refused (no permission, no secure context): say so instead.
    void navigator.clipboard
      .writeText(secret)
      .then(() => {
        setCopied('yes');
      })
      .catch(() => {
        setCopied('no');
      });
  };

  return (
    <section className="secret-once card" role="alert" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="secret-warning">
        <strong>{t('secret.warning')}</strong>
      </p>
      <label htmlFor={`${id}-value`}>{t('secret.label')}</label>
      <div className="secret-row">
        <input
          id={`${id}-value`}
          className="secret-value"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(e) => {
            e.currentTarget.select();
          }}
        />
        <button type="button" className="button" onClick={copy}>
          {t('secret.copy')}
        </button>
      </div>
      <p role="status" aria-live="polite" className="small">
        {copied === 'yes' ? t('secret.copied') : null}
        {copied === 'no' ? t('secret.copyFailed') : null}
      </p>
      <button type="button" className="button button-secondary" onClick={onDone}>
        {t('secret.done')}
      </button>
    </section>
  );
}
