import { describe, expect, test } from 'vitest';
import { ACCREDITATION_STATUSES, allowedActions, isAccreditationAction, targetOf } from './accreditation';

describe('accreditation state machine', () => {
  test('offers the documented actions per state', () => {
    expect(allowedActions('invited')).toEqual(['register', 'decline', 'cancel']);
    expect(allowedActions('registered')).toEqual(['accredit', 'decline', 'cancel']);
    expect(allowedActions('accredited')).toEqual(['check_in', 'cancel']);
    expect(allowedActions('checked_in')).toEqual([]);
    expect(allowedActions('declined')).toEqual(['reinstate']);
    expect(allowedActions('cancelled')).toEqual(['reinstate']);
  });

  test('knows where each action leads', () => {
    expect(targetOf('accredit', 'registered')).toBe('accredited');
    expect(targetOf('reinstate', 'cancelled')).toBe('invited');
    expect(targetOf('accredit', 'invited')).toBeUndefined();
  });

  test('lists states along the happy path first', () => {
    expect(ACCREDITATION_STATUSES).toEqual(['invited', 'registered', 'accredited', 'checked_in', 'declined', 'cancelled']);
  });

  test('recognises actions from a problem body', () => {
    expect(isAccreditationAction('check_in')).toBe(true);
    expect(isAccreditationAction('toString')).toBe(false);
    expect(isAccreditationAction(3)).toBe(false);
  });
});
