import { expect, test } from 'vitest';
import { ACCOUNT_STATUSES, canResend, isAccountStatus, isInvitationResult, passwordProblem, waitOf } from './people';

test('account states in their order, and which strings are one', () => {
  expect(ACCOUNT_STATUSES).toEqual(['invited', 'active', 'deactivated']);
  expect(isAccountStatus('active')).toBe(true);
  expect(isAccountStatus('held')).toBe(false);
  expect(isInvitationResult('no_email')).toBe(true);
  expect(isInvitationResult('bounced')).toBe(false);
});

test('a sent one-time link is never sent again; anything else may be', () => {
  expect(canResend({ carries_link: true, status: 'sent' })).toBe(false);
  expect(canResend({ carries_link: true, status: 'held' })).toBe(true);
  expect(canResend({ carries_link: true, status: 'failed' })).toBe(true);
  expect(canResend({ carries_link: false, status: 'sent' })).toBe(true);
});

test('a new password: long enough, not too long, typed twice the same', () => {
  expect(passwordProblem('short', 'short')).toBe('password.tooShort');
  // Twelve characters, not twelve bytes: 北极光 is three.
  expect(passwordProblem('北极光北极光北极光北极光', '北极光北极光北极光北极光')).toBeNull();
  expect(passwordProblem('x'.repeat(1025), 'x'.repeat(1025))).toBe('password.tooLong');
  expect(passwordProblem('aurora-reindeer-2026', 'aurora-reindeer-2062')).toBe('password.mismatch');
  expect(passwordProblem('aurora-reindeer-2026', 'aurora-reindeer-2026')).toBeNull();
});

test('a wait in seconds under a minute, else in minutes rounded up', () => {
  expect(waitOf(0)).toEqual({ unit: 'seconds', count: 1 });
  expect(waitOf(42)).toEqual({ unit: 'seconds', count: 42 });
  expect(waitOf(60)).toEqual({ unit: 'minutes', count: 1 });
  expect(waitOf(61)).toEqual({ unit: 'minutes', count: 2 });
  expect(waitOf(900)).toEqual({ unit: 'minutes', count: 15 });
});
