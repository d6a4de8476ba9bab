import type { AccreditationAction, AccreditationStatus } from '../api/types';

/**
 * The accreditation state machine as the API documents it (`transition_delegate`): for
 * each action, the state it leads to from each state where it is allowed. The API stays
 * the judge; this only decides which buttons to offer.
 */
const TRANSITIONS: Record<AccreditationAction, Partial<Record<AccreditationStatus, AccreditationStatus>>> = {
  register: { invited: 'registered' },
  accredit: { registered: 'accredited' },
  check_in: { accredited: 'checked_in' },
  decline: { invited: 'declined', registered: 'declined' },
  cancel: { invited: 'cancelled', registered: 'cancelled', accredited: 'cancelled' },
  reinstate: { declined: 'invited', cancelled: 'invited' },
};

/** Display order of the states: the happy path first, then the exits. */
const STATUS_ORDER: Record<AccreditationStatus, number> = {
  invited: 0,
  registered: 1,
  accredited: 2,
  checked_in: 3,
  declined: 4,
  cancelled: 5,
};

export const ACCREDITATION_STATUSES = (Object.keys(STATUS_ORDER) as AccreditationStatus[]).sort(
  (a, b) => STATUS_ORDER[a] - STATUS_ORDER[b],
);

export const ACCREDITATION_ACTIONS = Object.keys(TRANSITIONS) as AccreditationAction[];

export function isAccreditationAction(value: unknown): value is AccreditationAction {
  return typeof value === 'string' && Object.hasOwn(TRANSITIONS, value);
}

export function isAccreditationStatus(value: unknown): value is AccreditationStatus {
  return typeof value === 'string' && Object.hasOwn(STATUS_ORDER, value);
}

/** Where `action` leads from `status`, or undefined when it is not allowed there. */
export function targetOf(action: AccreditationAction, status: AccreditationStatus): AccreditationStatus | undefined {
  return TRANSITIONS[action][status];
}

/** The actions allowed from `status`, in a stable order. */
export function allowedActions(status: AccreditationStatus): AccreditationAction[] {
  return ACCREDITATION_ACTIONS.filter((action) => targetOf(action, status) !== undefined);
}
