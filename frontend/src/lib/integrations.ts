import type { Scope } from '../api/types';

/**
 * The API token scopes in display order. The object's type makes the list complete: a
 * scope added to the spec fails the build until it is placed here.
 */
const SCOPE_ORDER: Record<Scope, number> = {
  'delegates:read': 0,
  'delegates:read_private': 1,
  'delegates:write': 2,
  'program:read': 3,
  'program:write': 4,
  'expo:read': 5,
  'expo:write': 6,
  'partnerships:read': 7,
  'partnerships:write': 8,
  'webhooks:manage': 9,
  'import:write': 10,
  'audit:read': 11,
};

export const SCOPES = (Object.keys(SCOPE_ORDER) as Scope[]).sort((a, b) => SCOPE_ORDER[a] - SCOPE_ORDER[b]);

/** The audit log's actions. */
export const AUDIT_ACTIONS = ['created', 'updated', 'deleted'] as const;

/** A `datetime-local` value (the browser's clock) as an RFC 3339 instant; null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value.trim()) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An RFC 3339 instant as a `datetime-local` value on the browser's clock ('' for none). */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A date and time in the reader's language, or an em dash for none. */
export function formatStamp(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** One field of an audit entry: its value before and after, as the API sent them. */
export interface ChangeRow {
  field: string;
  before: unknown;
  after: unknown;
  hasBefore: boolean;
  hasAfter: boolean;
}

/** The fields of an audit entry's `before` and `after`, in the order they first appear. */
export function changeRows(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): ChangeRow[] {
  const fields: string[] = [];
  for (const key of [...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) {
    if (!fields.includes(key)) fields.push(key);
  }
  return fields.map((field) => ({
    field,
    before: before?.[field],
    after: after?.[field],
    hasBefore: before != null && Object.hasOwn(before, field),
    hasAfter: after != null && Object.hasOwn(after, field),
  }));
}

/** A recorded value shown as it came: strings as they are (e.g. `[redacted]`), the rest as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** The number of pages for a list's total (at least one). */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** A positive page number from the URL, 1 for anything else. */
export function pageParam(value: string | null): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

/** A positive id from a filter field, or undefined. */
export function idParam(value: string | null): number | undefined {
  if (value === null || !value.trim()) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

/** The delivery statuses the spec names (`Delivery.status` is a plain string). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(value);
}

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
