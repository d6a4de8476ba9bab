import type {
  AgreementKind,
  CooperationField,
  InitiativeStatus,
  MilestoneKind,
  PartnershipAction,
  PartnershipKind,
  PartnershipStatus,
} from '../api/types';

/**
 * The partnership vocabularies in display order. Each list is the keys of a record typed
 * by the generated enum, so a value added to the spec fails the build until it is placed
 * here. Which actions a partnership allows is never decided here: the API sends
 * `allowed_actions` with every partnership.
 */
function ordered<T extends string>(order: Record<T, number>): T[] {
  return (Object.keys(order) as T[]).sort((a, b) => order[a] - order[b]);
}

function guard<T extends string>(order: Record<T, number>) {
  return (value: unknown): value is T => typeof value === 'string' && Object.hasOwn(order, value);
}

const KIND_ORDER: Record<PartnershipKind, number> = { sister_city: 0, friendship_city: 1, cooperation_agreement: 2 };
const STATUS_ORDER: Record<PartnershipStatus, number> = {
  proposed: 0,
  negotiating: 1,
  signed: 2,
  active: 3,
  suspended: 4,
  ended: 5,
};
const FIELD_ORDER: Record<CooperationField, number> = {
  ice_snow_economy: 0,
  tourism: 1,
  culture: 2,
  trade: 3,
  education: 4,
  technology: 5,
  sports: 6,
  environment: 7,
  governance: 8,
};
const ACTION_ORDER: Record<PartnershipAction, number> = { negotiate: 0, sign: 1, activate: 2, suspend: 3, end: 4 };
const AGREEMENT_ORDER: Record<AgreementKind, number> = { memorandum: 0, joint_declaration: 1, treaty: 2, renewal: 3 };
const MILESTONE_ORDER: Record<MilestoneKind, number> = { visit: 0, exchange: 1, project: 2, event: 3, other: 4 };
const INITIATIVE_ORDER: Record<InitiativeStatus, number> = { draft: 0, open_for_endorsement: 1, closed: 2 };

export const PARTNERSHIP_KINDS = ordered(KIND_ORDER);
export const PARTNERSHIP_STATUSES = ordered(STATUS_ORDER);
export const COOPERATION_FIELDS = ordered(FIELD_ORDER);
export const PARTNERSHIP_ACTIONS = ordered(ACTION_ORDER);
export const AGREEMENT_KINDS = ordered(AGREEMENT_ORDER);
export const MILESTONE_KINDS = ordered(MILESTONE_ORDER);
export const INITIATIVE_STATUSES = ordered(INITIATIVE_ORDER);

export const isPartnershipKind = guard(KIND_ORDER);
export const isPartnershipStatus = guard(STATUS_ORDER);
export const isCooperationField = guard(FIELD_ORDER);
export const isPartnershipAction = guard(ACTION_ORDER);

/** An ISO 3166-1 alpha-2 code, as the API's `country` filters take it (the API checks it is assigned). */
export { isCountry as isCountryCode } from './expo';

/** A country's name in the UI's locale, or its code where the browser has no name. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A calendar date (`YYYY-MM-DD`) in the UI's locale, without any time-zone shift. */
export function formatDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** Items of a list as one phrase: "Culture, Trade" in English, "文化、贸易" in Chinese. */
export function joinList(items: readonly string[], locale: string): string {
  return items.join(locale.startsWith('zh') ? '、' : ', ');
}
