import { describe, expect, it } from 'vitest';
import {
  changeRows,
  idParam,
  isoToLocalInput,
  localInputToIso,
  pageCount,
  pageParam,
  SCOPES,
  showValue,
} from './integrations';

describe('integrations helpers', () => {
  it('lists every scope once, reads first', () => {
    expect(new Set(SCOPES).size).toBe(SCOPES.length);
    expect(SCOPES[0]).toBe('delegates:read');
    expect(SCOPES).toContain('audit:read');
  });

  it('turns datetime-local values into instants and back', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a date')).toBeNull();
    const iso = localInputToIso('2026-02-01T09:30');
    expect(iso).not.toBeNull();
    expect(isoToLocalInput(iso)).toBe('2026-02-01T09:30');
    expect(isoToLocalInput(null)).toBe('');
  });

  it('joins before and after field by field, keeping redacted values as they are', () => {
    const rows = changeRows({ phone: '[redacted]', title: 'Mayor' }, { title: 'Mayor of Harbin', seats: 3 });
    expect(rows.map((r) => r.field)).toEqual(['phone', 'title', 'seats']);
    expect(rows[0]).toMatchObject({ before: '[redacted]', hasBefore: true, hasAfter: false });
    expect(rows[2]).toMatchObject({ after: 3, hasBefore: false, hasAfter: true });
    expect(changeRows(null, null)).toEqual([]);
    expect(showValue('[redacted]')).toBe('[redacted]');
    expect(showValue(null)).toBe('null');
    expect(showValue(['a', 1])).toBe('["a",1]');
  });

  it('reads pages and ids from the URL', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(51, 25)).toBe(3);
    expect(pageParam('2')).toBe(2);
    expect(pageParam('-1')).toBe(1);
    expect(pageParam(null)).toBe(1);
    expect(idParam('7')).toBe(7);
    expect(idParam('x')).toBeUndefined();
    expect(idParam('')).toBeUndefined();
  });
});
