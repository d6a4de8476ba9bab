import { ApiError } from '../api/problem';

/** The per-field errors of a 422 (field path → message); none for anything else. */
export function fieldErrorsOf(error: unknown): ReadonlyMap<string, string> {
  return error instanceof ApiError && error.status === 422 ? error.fieldErrors : new Map<string, string>();
}

/** The first message for a field (or anything inside it) from a 422's per-field errors. */
export function errorForField(errors: ReadonlyMap<string, string>, name: string): string | undefined {
  for (const [field, message] of errors) {
    if (field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`)) return message;
  }
  return undefined;
}

/** The 422 errors whose field none of `known` names, to be listed with the form. */
export function otherFieldErrors(errors: ReadonlyMap<string, string>, known: readonly string[]): [string, string][] {
  return [...errors].filter(([field]) => !known.some((name) => errorForField(new Map([[field, '']]), name) !== undefined));
}

/** A form's view of a failed save: each field's message, and those no field shows. */
export interface FormErrors {
  fieldErrors: ReadonlyMap<string, string>;
  errorFor: (name: string) => string | undefined;
  others: [string, string][];
}

/** What a form shows of `error`, given the fields (`known`) that show their own messages. */
export function formErrors(error: unknown, known: readonly string[]): FormErrors {
  const fieldErrors = fieldErrorsOf(error);
  return {
    fieldErrors,
    errorFor: (name) => errorForField(fieldErrors, name),
    others: otherFieldErrors(fieldErrors, known),
  };
}
