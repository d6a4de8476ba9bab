import { expect, test } from 'vitest';
import { ApiError } from '../api/problem';
import type { Problem } from '../api/types';
import { fromError, fromResult, normaliseCode, toneOf } from './checkIn';

const problem = (status: number, detail: string): Problem => ({
  type: '/problems/x',
  title: 'X',
  status,
  detail,
  instance: '/api/v1/events/harbin-2026/check-in',
  request_id: 'r1',
});

const result = { delegate_id: 1, delegation_id: 1, city_id: 1, given_name: 'A', accreditation_status: 'checked_in' as const };

test('first scan is green, second amber', () => {
  expect(toneOf(fromResult({ ...result, already_checked_in: false }))).toBe('ok');
  expect(toneOf(fromResult({ ...result, already_checked_in: true }))).toBe('warn');
});

test('unknown badges and unaccredited delegates are red with the detail', () => {
  expect(fromError(new ApiError(404, problem(404, 'no badge GMD-X')))).toEqual({ kind: 'unknown', detail: 'no badge GMD-X' });
  expect(fromError(new ApiError(409, problem(409, 'registered, not accredited')))).toEqual({
    kind: 'not_accredited',
    detail: 'registered, not accredited',
  });
  expect(toneOf(fromError(new TypeError('Failed to fetch')))).toBe('error');
});

test('codes are trimmed', () => {
  expect(normaliseCode('  gmd-1234 \n')).toBe('gmd-1234');
});
