import { ApiError } from '../api/problem';
import type { CheckInResult } from '../api/types';

/** How a scan ended, as the desk shows it: green, amber or red. */
export type ScanOutcome =
  | { kind: 'pending' }
  | { kind: 'checked_in'; result: CheckInResult }
  | { kind: 'already'; result: CheckInResult }
  | { kind: 'unknown'; detail: string | null }
  | { kind: 'not_accredited'; detail: string | null }
  | { kind: 'failed'; error: unknown };

export function fromResult(result: CheckInResult): ScanOutcome {
  return result.already_checked_in ? { kind: 'already', result } : { kind: 'checked_in', result };
}

/** A 404 is a badge nobody has, a 409 a delegate not (or no longer) accredited. */
export function fromError(error: unknown): ScanOutcome {
  if (error instanceof ApiError) {
    const detail = error.problem?.detail ?? null;
    if (error.status === 404) return { kind: 'unknown', detail };
    if (error.status === 409) return { kind: 'not_accredited', detail };
  }
  return { kind: 'failed', error };
}

/** The colour of an outcome. */
export function toneOf(outcome: ScanOutcome): 'ok' | 'warn' | 'error' | 'pending' {
  switch (outcome.kind) {
    case 'pending':
      return 'pending';
    case 'checked_in':
      return 'ok';
    case 'already':
      return 'warn';
    case 'unknown':
    case 'not_accredited':
    case 'failed':
      return 'error';
  }
}

/** What a scanner or a hand typed, as the API wants it: trimmed, at most 64 characters. */
export function normaliseCode(raw: string): string {
  return raw.trim().slice(0, 64);
}
