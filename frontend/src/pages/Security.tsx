import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTwoFactor } from '../api/account';
import { homeOf, useAuth } from '../api/context';
import { ApiError } from '../api/problem';
import type { TwoFactorSetup } from '../api/types';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { groupSecret, looksLikeAppCode, qrImageSrc, recoveryCodesText, saveBlob } from '../lib/account';

/** What the page knows about the person's second factor (the API tells only by refusing). */
type Known = 'unknown' | 'on' | 'off';

/**
 * Two-factor sign-in for one's own staff account: set up (a QR code, or the key to type),
 * confirmed with a code, the recovery codes shown once; or turned off with a code. Staff
 * sent here because an administrator requires it (`?required=1`) are told so.
 */
export function Security() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const required = params.has('required');
  const { setUp, enable, disable } = useTwoFactor();
  const [known, setKnown] = useState<Known>(required ? 'off' : 'unknown');
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [note, setNote] = useState<string | null>(null);

  if (!me) return <Loading />;

  const begin = () => {
    setNote(null);
    setUp.mutate(undefined, {
      onSuccess: (answer) => {
        setKnown('off');
        setSetup(answer);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          setKnown('on');
          setNote(t('tfa.alreadyOn'));
          setUp.reset();
        }
      },
    });
  };

  let body;
  if (codes) {
    body = (
      <RecoveryCodesPanel
        codes={codes}
        account={me.email}
        onDone={() => {
          setCodes(null);
          setKnown('on');
          setNote(t('tfa.nowOn'));
        }}
      />
    );
  } else if (setup) {
    body = (
      <SetupPanel
        setup={setup}
        enable={enable}
        onEnabled={(recovery) => {
          setSetup(null);
          setCodes(recovery);
        }}
        onCancel={() => {
          setSetup(null);
          enable.reset();
        }}
      />
    );
  } else {
    body = (
      <>
        {known === 'on' ? null : (
          <section className="card account-section" aria-labelledby="tfa-on-heading">
            <h2 id="tfa-on-heading">{t('tfa.turnOn')}</h2>
            <p>{t('tfa.turnOnIntro')}</p>
            {setUp.error ? <ErrorMessage error={setUp.error} /> : null}
            <button type="button" className="button" disabled={setUp.isPending} onClick={begin}>
              {setUp.isPending ? t('tfa.settingUp') : t('tfa.setup')}
            </button>
          </section>
        )}
        {known === 'off' ? null : (
          <TurnOffPanel
            disable={disable}
            hint={known === 'unknown' ? t('tfa.turnOffUnknown') : null}
            onDisabled={() => {
              setKnown('off');
              setNote(t('tfa.disabled'));
            }}
          />
        )}
      </>
    );
  }

  return (
    <div className="page narrow account-page security-page">
      <p className="back-link">
        <Link to="/account">{t('tfa.back')}</Link>
      </p>
      <h1>{t('tfa.title')}</h1>
      <p className="lead">{t('tfa.intro')}</p>
      {required && known !== 'on' ? (
        <p className="flash flash-warn" role="alert">
          {t('tfa.required')}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {note ? <p className="flash flash-ok">{note}</p> : null}
      </div>
      {required && known === 'on' && !codes ? (
        <p>
          <Link className="button" to={homeOf(me.role)}>
            {t('tfa.continue')}
          </Link>
        </p>
      ) : null}
      {body}
    </div>
  );
}

/** The QR code the API drew, as an image: its SVG is never put into the page as markup. */
export function QrImage({ svg, alt }: { svg: string; alt: string }) {
  return <img className="qr-image" src={qrImageSrc(svg)} alt={alt} width={200} height={200} />;
}

/** A button that copies `text`, saying whether the browser let it. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          setCopied(null);
          // The clipboard may be refused (no permission, no secure context): say so instead.
          void navigator.clipboard
            .writeText(text)
            .then(() => {
              setCopied('yes');
            })
            .catch(() => {
              setCopied('no');
            });
        }}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="small copy-state">
        {copied === 'yes' ? t('secret.copied') : null}
        {copied === 'no' ? t('secret.copyFailed') : null}
      </span>
    </>
  );
}

/** Why a code field refuses: nothing typed, or the API's 422. */
function codeFieldError(missing: boolean, error: unknown, missingText: string, wrongText: string): string | null {
  if (missing) return missingText;
  if (error instanceof ApiError && error.status === 422) return wrongText;
  return null;
}

function SetupPanel({
  setup,
  enable,
  onEnabled,
  onCancel,
}: {
  setup: TwoFactorSetup;
  enable: ReturnType<typeof useTwoFactor>['enable'];
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const error = codeFieldError(missing, enable.error, t('tfa.codeMissing'), t('tfa.wrongCode'));

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = code.replace(/\s+/g, '');
    // Only an app's six digits turn it on (a recovery code does not exist yet).
    const unfit = !looksLikeAppCode(typed);
    setMissing(unfit);
    if (unfit) {
      input.current?.focus();
      return;
    }
    enable.mutate(typed, {
      onSuccess: (answer) => {
        onEnabled(answer.recovery_codes);
      },
      onError: () => {
        setCode('');
        input.current?.focus();
      },
    });
  };

  return (
    <section className="card account-section tfa-setup" aria-labelledby="tfa-scan-heading">
      <h2 id="tfa-scan-heading">{t('tfa.scan')}</h2>
      <div className="tfa-scan">
        <QrImage svg={setup.qr_svg} alt={t('tfa.qrAlt')} />
        <div className="tfa-key">
          <p id="tfa-key-label">{t('tfa.secretLabel')}</p>
          <code className="tfa-secret" aria-labelledby="tfa-key-label">
            {groupSecret(setup.secret)}
          </code>
          <div className="copy-row">
            <CopyButton text={setup.secret} label={t('tfa.copyKey')} />
          </div>
        </div>
      </div>
      <h2>{t('tfa.confirmStep')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('tfa.confirmStep')}>
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="tfa-code">{t('tfa.code')}</label>
          <input
            id="tfa-code"
            ref={input}
            className="code-input"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            value={code}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'tfa-code-error' : undefined}
            onChange={(e) => {
              setCode(e.target.value);
              setMissing(false);
            }}
          />
          {error ? (
            <span className="field-error" id="tfa-code-error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
        {enable.error && !(enable.error instanceof ApiError && enable.error.status === 422) ? (
          <ErrorMessage error={enable.error} />
        ) : null}
        <div className="row-actions">
          <button type="submit" className="button" disabled={enable.isPending}>
            {enable.isPending ? t('tfa.enabling') : t('tfa.enable')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The ten recovery codes, shown once: copied, saved as a file, then put away. */
function RecoveryCodesPanel({ codes, account, onDone }: { codes: string[]; account: string; onDone: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [issuedAt] = useState(() => new Date());
  const text = recoveryCodesText(codes, account, issuedAt, t('tfa.codesFileHeading'));

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <section className="secret-once card tfa-codes" aria-labelledby="tfa-codes-heading">
      <h2 id="tfa-codes-heading" ref={heading} tabIndex={-1}>
        {t('tfa.codesTitle')}
      </h2>
      <p className="secret-warning">
        <strong>{t('tfa.codesWarning')}</strong>
      </p>
      <ol className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="copy-row">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), 'gmd-recovery-codes.txt');
          }}
        >
          {t('tfa.downloadCodes')}
        </button>
        <CopyButton text={codes.join('\n')} label={t('tfa.copyCodes')} />
      </div>
      <button type="button" className="button" onClick={onDone}>
        {t('tfa.codesStored')}
      </button>
    </section>
  );
}

function TurnOffPanel({
  disable,
  hint,
  onDisabled,
}: {
  disable: ReturnType<typeof useTwoFactor>['disable'];
  hint: string | null;
  onDisabled: () => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const error = codeFieldError(missing, disable.error, t('tfa.offMissing'), t('tfa.offWrong'));

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = code.trim();
    setMissing(typed === '');
    if (typed === '') {
      input.current?.focus();
      return;
    }
    disable.mutate(typed, {
      onSuccess: () => {
        setCode('');
        onDisabled();
      },
      onError: () => {
        setCode('');
        input.current?.focus();
      },
    });
  };

  return (
    <section className="card account-section" aria-labelledby="tfa-off-heading">
      <h2 id="tfa-off-heading">{t('tfa.turnOff')}</h2>
      {hint ? <p className="muted">{hint}</p> : null}
      <p>{t('tfa.turnOffIntro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('tfa.turnOff')}>
        <div className={error ? 'field field-invalid' : 'field'}>
          <label htmlFor="tfa-off-code">{t('tfa.offCode')}</label>
          <input
            id="tfa-off-code"
            ref={input}
            className="code-input"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={32}
            value={code}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'tfa-off-code-error' : undefined}
            onChange={(e) => {
              setCode(e.target.value);
              setMissing(false);
            }}
          />
          {error ? (
            <span className="field-error" id="tfa-off-code-error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
        {disable.error && !(disable.error instanceof ApiError && disable.error.status === 422) ? (
          <ErrorMessage error={disable.error} />
        ) : null}
        <div>
          <button type="submit" className="button button-secondary button-danger-outline" disabled={disable.isPending}>
            {disable.isPending ? t('tfa.disabling') : t('tfa.disable')}
          </button>
        </div>
      </form>
    </section>
  );
}
