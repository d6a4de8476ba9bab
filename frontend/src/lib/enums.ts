import type { DelegateRole } from '../api/types';

/**
 * The delegate roles in display order. The object's type makes the list complete: a role
 * added to the spec fails the build until it is placed here.
 */
const ROLE_ORDER: Record<DelegateRole, number> = {
  mayor: 0,
  deputy_mayor: 1,
  mayor_representative: 2,
  official: 3,
  staff: 4,
  press: 5,
};

export const DELEGATE_ROLES = (Object.keys(ROLE_ORDER) as DelegateRole[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

export function isDelegateRole(value: unknown): value is DelegateRole {
  return typeof value === 'string' && Object.hasOwn(ROLE_ORDER, value);
}
