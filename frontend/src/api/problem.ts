import type { MessageKey } from '../i18n/messages';
import type { AccreditationAction, FieldError, Problem } from './types';
import { isAccreditationAction } from '../lib/accreditation';

/** The problem types the SPA acts on (`Problem.type`). */
export const PROBLEM = {
  /** A right password for an account that also needs a code from its app (401, sign-in). */
  secondFactorRequired: '/problems/second-factor-required',
  /** Staff must turn on two-factor sign-in before anything but `/api/v1/auth/…` (403). */
  secondFactorSetupRequired: '/problems/second-factor-setup-required',
} as const;

/**
 * Tells the app about API answers that call for more than a message where they happened:
 * a staff account that must enrol in two-factor sign-in (any call, any page).
 */
export const apiEvents = new EventTarget();
const SETUP_REQUIRED = 'second-factor-setup-required';

/** Calls `listener` whenever an API call answers that two-factor sign-in must be set up first. */
export function onSecondFactorSetupRequired(listener: () => void): () => void {
  apiEvents.addEventListener(SETUP_REQUIRED, listener);
  return () => {
    apiEvents.removeEventListener(SETUP_REQUIRED, listener);
  };
}

/** A failed API call: the HTTP status and, when the API sent one, its problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** The seconds a 429 (or a 503) asks to wait, from its `Retry-After` header; null without one. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem | null, retryAfter: number | null = null) {
    super(problem?.detail ?? `HTTP ${String(status)}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The per-field errors of a 422, keyed by the field's JSON path. */
  get fieldErrors(): Map<string, string> {
    const errors: FieldError[] = this.problem?.errors ?? [];
    return new Map(errors.map((e) => [e.field, e.message]));
  }

  /** Whether the API named this kind of problem (`type`, e.g. `PROBLEM.secondFactorRequired`). */
  is(type: string): boolean {
    return this.problem?.type === type;
  }

  /** The actions a 409 from a state machine says are possible. */
  get allowedTransitions(): AccreditationAction[] {
    const allowed = this.problem?.allowed_transitions;
    return Array.isArray(allowed) ? allowed.filter(isAccreditationAction) : [];
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'title' in value &&
    typeof value.status === 'number' &&
    typeof value.title === 'string'
  );
}

/** The result of an openapi-fetch call: data on success, the problem otherwise. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** `Retry-After` in seconds (the delay form; an HTTP date is turned into seconds from now). */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | null {
  if (value === null || !value.trim()) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function errorOf(result: FetchResult<unknown>): ApiError {
  const error = new ApiError(
    result.response.status,
    isProblem(result.error) ? result.error : null,
    retryAfterSeconds(result.response.headers.get('Retry-After')),
  );
  if (error.status === 403 && error.is(PROBLEM.secondFactorSetupRequired)) {
    apiEvents.dispatchEvent(new Event(SETUP_REQUIRED));
  }
  return error;
}

/** The data of a successful call; an `ApiError` for anything else. */
export function unwrap<T>(result: FetchResult<T>): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw errorOf(result);
}

/** Like `unwrap`, for calls that answer 204 without a body. */
export function expectOk(result: FetchResult<unknown>): void {
  if (!result.response.ok) throw errorOf(result);
}

/**
 * The message key that says in plain words what went wrong, and the values it needs.
 * Anything that is not an `ApiError` is a network failure (fetch rejected).
 */
export function describeError(error: unknown): { key: MessageKey; params?: Record<string, string | number>; detail?: string } {
  if (!(error instanceof ApiError)) return { key: 'error.network' };
  const detail = error.problem?.detail;
  if (error.is(PROBLEM.secondFactorSetupRequired)) return { key: 'error.setupRequired' };
  if (error.status >= 500) {
    return { key: 'error.5xx', params: { id: error.problem?.request_id ?? '—' } };
  }
  const known: Record<number, MessageKey> = {
    400: 'error.400',
    401: 'error.401',
    403: 'error.403',
    404: 'error.404',
    409: 'error.409',
    412: 'error.412',
    413: 'error.413',
    422: 'error.422',
    429: 'error.429',
  };
  const key = known[error.status];
  if (key) return detail ? { key, detail } : { key };
  return { key: 'error.other', params: { status: error.status } };
}
