import { useI18n } from '../i18n/context';
import type { PasswordProblem } from '../lib/people';
import { Field } from './FormParts';

/**
 * A new password typed twice, with the policy said beside it. The length and the repeat are
 * checked here (`checkNewPassword`); whether it is easy to guess only the API judges, and
 * its 422 message shows at the field (`apiError`).
 */
export function NewPassword({
  id,
  password,
  repeated,
  onPassword,
  onRepeated,
  problem,
  apiError,
}: {
  id: string;
  password: string;
  repeated: string;
  onPassword: (value: string) => void;
  onRepeated: (value: string) => void;
  /** The problem found by the last check, shown at its field. */
  problem: PasswordProblem;
  /** The API's message about the password (a 422), if any. */
  apiError?: string | undefined;
}) {
  const { t, lang } = useI18n();
  // The API words its refusal in English (with a hint of why, from its strength estimate):
  // other languages get the gist in theirs.
  const api = apiError && lang !== 'en' && /too easy to guess/.test(apiError) ? t('password.weak') : apiError;
  const firstError = problem && problem !== 'password.mismatch' ? t(problem) : api;
  const secondError = problem === 'password.mismatch' ? t(problem) : undefined;
  return (
    <>
      <Field id={`${id}-password`} label={t('password.new')} error={firstError} hint={t('password.policy')}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => {
              onPassword(e.target.value);
            }}
          />
        )}
      </Field>
      <Field id={`${id}-repeat`} label={t('password.repeat')} error={secondError}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            required
            value={repeated}
            onChange={(e) => {
              onRepeated(e.target.value);
            }}
          />
        )}
      </Field>
    </>
  );
}
