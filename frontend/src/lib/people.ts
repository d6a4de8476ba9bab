import type { AccountStatus, Mail, Role } from '../api/types';

/**
 * The account states in display order. The object's type makes the list complete: a state
 * added to the spec fails the build until it is placed here.
 */
const ACCOUNT_STATUS_ORDER: Record<AccountStatus, number> = { invited: 0, active: 1, deactivated: 2 };

export const ACCOUNT_STATUSES = (Object.keys(ACCOUNT_STATUS_ORDER) as AccountStatus[]).sort(
  (a, b) => ACCOUNT_STATUS_ORDER[a] - ACCOUNT_STATUS_ORDER[b],
);

export function isAccountStatus(value: unknown): value is AccountStatus {
  return typeof value === 'string' && Object.hasOwn(ACCOUNT_STATUS_ORDER, value);
}

/** The roles the account list holds (partner systems have API tokens, not accounts), staff first. */
export const ACCOUNT_ROLES: readonly Role[] = ['admin', 'organizer', 'delegate', 'exhibitor'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ACCOUNT_ROLES as readonly string[]).includes(value);
}

/** The roles an account is created with here, and the only ones it may change between. */
export const STAFF_ROLES = ['organizer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** The languages mails are written in (`Account.language`). */
export const MAIL_LANGUAGES = ['en', 'zh'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export function isMailLanguage(value: unknown): value is MailLanguage {
  return typeof value === 'string' && (MAIL_LANGUAGES as readonly string[]).includes(value);
}

/** The mail states the spec names (`Mail.status` is a plain string). */
export const MAIL_STATUSES = ['pending', 'sent', 'held', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export function isMailStatus(value: unknown): value is MailStatus {
  return typeof value === 'string' && (MAIL_STATUSES as readonly string[]).includes(value);
}

/**
 * The mail kinds the API writes (`Mail.kind` is a plain string; the spec names the first
 * two, the API's templates all of them; any other shows as it comes).
 */
export const MAIL_KINDS = [
  'invitation',
  'password_reset',
  'accreditation',
  'waitlist_promotion',
  'session_changed',
  'session_cancelled',
  'meeting_requested',
  'meeting_answered',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export function isMailKind(value: unknown): value is MailKind {
  return typeof value === 'string' && (MAIL_KINDS as readonly string[]).includes(value);
}

/**
 * Whether a mail may be queued again. A one-time link that was sent may already be in use:
 * sending it twice is refused (409); a new invitation or reset makes a new link instead.
 */
export function canResend(mail: Pick<Mail, 'carries_link' | 'status'>): boolean {
  return !(mail.carries_link && mail.status === 'sent');
}

/** How one delegate's invitation ended (`InvitationOutcome.outcome` is a plain string). */
export const INVITATION_OUTCOMES = ['sent', 'has_account', 'no_email'] as const;
export type InvitationResult = (typeof INVITATION_OUTCOMES)[number];

export function isInvitationResult(value: unknown): value is InvitationResult {
  return typeof value === 'string' && (INVITATION_OUTCOMES as readonly string[]).includes(value);
}

/** The password policy's length (the API also refuses passwords that are easy to guess). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_BYTES = 1024;

export type PasswordProblem = 'password.tooShort' | 'password.tooLong' | 'password.mismatch' | null;

/** Why a new password cannot be sent yet, as a message key; null when it may be. */
export function passwordProblem(password: string, repeated: string): PasswordProblem {
  // Code points, as the API counts (`chars()`), not UTF-16 units.
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) return 'password.tooShort';
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) return 'password.tooLong';
  if (password !== repeated) return 'password.mismatch';
  return null;
}

/**
 * Checks a new password (the `NewPassword` fields with ids `<id>-password` and `<id>-repeat`)
 * before it is sent, and moves the focus to the field at fault; null when it may be sent.
 */
export function checkNewPassword(id: string, password: string, repeated: string): PasswordProblem {
  const problem = passwordProblem(password, repeated);
  if (problem) {
    document.getElementById(problem === 'password.mismatch' ? `${id}-repeat` : `${id}-password`)?.focus();
  }
  return problem;
}

/** A `Retry-After` wait as people say it: seconds under a minute, else whole minutes (rounded up). */
export function waitOf(seconds: number): { unit: 'seconds' | 'minutes'; count: number } {
  if (seconds < 60) return { unit: 'seconds', count: Math.max(1, Math.ceil(seconds)) };
  return { unit: 'minutes', count: Math.ceil(seconds / 60) };
}
