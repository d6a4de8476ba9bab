import type { ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { useI18n } from '../i18n/context';
import { ErrorMessage } from './Status';

/** What a field's control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * A labelled form field: the control (spread `props` onto it), an optional hint, and the
 * API's message for it, announced with the control (`aria-describedby`) and marked invalid.
 */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (props: ControlProps) => ReactNode;
}) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * Checkboxes for choosing several of a closed list (scopes, sectors, fields): the chosen
 * values stay in the list's order whatever order they were ticked in.
 */
export function CheckboxGroup<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  label,
  error,
}: {
  id: string;
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (next: T[]) => void;
  label: (option: T) => ReactNode;
  error?: string | undefined;
}) {
  return (
    <fieldset className={error ? 'field-invalid' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-grid">
        {options.map((option) => (
          <label key={option} className="checkbox-field">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(e) => {
                onChange(
                  e.target.checked ? options.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option),
                );
              }}
            />
            {label(option)}
          </label>
        ))}
      </div>
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/**
 * Why a form's save failed, under the form: a 422 in plain words with the field errors no
 * field shows (`others`), anything else from its problem. Nothing before a failure.
 */
export function FormProblem({ error, others }: { error: unknown; others: readonly [string, string][] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiError && error.status === 422)) return <ErrorMessage error={error} />;
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t('error.422')}</strong>
      </p>
      {others.length > 0 ? (
        <ul>
          {others.map(([name, message]) => (
            <li key={name}>
              {name}: {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The end of a form: why the last save failed (`FormProblem`), anything the form says after
 * a save (`children`), and the submit button, which says so while the save runs.
 */
export function FormFooter({
  error,
  others,
  pending,
  submit,
  submitting,
  children,
}: {
  error: unknown;
  others: readonly [string, string][];
  pending: boolean;
  submit: string;
  submitting: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-footer" aria-live="polite">
      <FormProblem error={error} others={others} />
      {children}
      <button type="submit" className="button" disabled={pending}>
        {pending ? submitting : submit}
      </button>
    </div>
  );
}

/**
 * A creation form folded into a card until opened; it opens itself while its last try
 * failed (`failed`), so the errors are in view.
 */
export function CreatePanel({
  id,
  title,
  open,
  onOpenChange,
  failed,
  children,
}: {
  id: string;
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  failed: boolean;
  children: ReactNode;
}) {
  return (
    <details
      className="card"
      open={open || failed || undefined}
      onToggle={(e) => {
        onOpenChange(e.currentTarget.open);
      }}
    >
      <summary>
        <h2 id={id}>{title}</h2>
      </summary>
      {children}
    </details>
  );
}
