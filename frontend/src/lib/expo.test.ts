import { describe, expect, test } from 'vitest';
import type { Problem } from '../api/types';
import { allowedFrom, defaultSlot, isApplicationAction, meetingClashes, slotProblem, toSlot } from './expo';

const HOURS = [
  { date: '2026-01-06', opens: '09:00', closes: '18:00' },
  { date: '2026-01-07', opens: '09:00', closes: '18:00' },
];

const problem = (extra: Record<string, unknown>): Problem => ({
  type: 'about:blank',
  title: 'Conflict',
  status: 409,
  detail: 'the slot clashes',
  instance: '/x',
  request_id: 'r1',
  ...extra,
});

describe('meeting slots', () => {
  test('inside, before opening, past closing, on a closed day', () => {
    expect(slotProblem({ date: '2026-01-06', start: '10:00', minutes: 30 }, HOURS)).toBeNull();
    expect(slotProblem({ date: '2026-01-06', start: '17:30', minutes: 30 }, HOURS)).toBeNull();
    expect(slotProblem({ date: '2026-01-06', start: '08:45', minutes: 30 }, HOURS)).toBe('early');
    expect(slotProblem({ date: '2026-01-06', start: '17:45', minutes: 30 }, HOURS)).toBe('late');
    expect(slotProblem({ date: '2026-01-09', start: '10:00', minutes: 30 }, HOURS)).toBe('closed');
    expect(slotProblem({ date: '2026-01-06', start: '', minutes: 30 }, HOURS)).toBe('time');
  });

  test('a slot on the event clock becomes UTC instants', () => {
    expect(toSlot({ date: '2026-01-06', start: '10:00', minutes: 30 }, 'Asia/Shanghai')).toEqual({
      starts_at: '2026-01-06T02:00:00Z',
      ends_at: '2026-01-06T02:30:00Z',
    });
    expect(toSlot({ date: '', start: '10:00', minutes: 30 }, 'Asia/Shanghai')).toBeNull();
  });

  test('suggested slots fall on successive opening days, inside the hours', () => {
    const first = defaultSlot({ opening_hours: HOURS }, 0);
    const second = defaultSlot({ opening_hours: HOURS }, 1);
    expect(first).toEqual({ date: '2026-01-06', start: '10:00', minutes: 30 });
    expect(second.date).toBe('2026-01-07');
    expect(slotProblem(first, HOURS)).toBeNull();
  });
});

describe('problem extensions', () => {
  test('meeting clashes are read whatever their kind', () => {
    const clashes = meetingClashes(
      problem({
        conflicts: [
          { kind: 'meeting', party: 'exhibitor', meeting_id: 4, starts_at: '2026-01-06T02:00:00Z', ends_at: '2026-01-06T02:30:00Z' },
          { kind: 'session', party: 'delegate', session_id: 9, title: 'Main Dialogue', starts_at: 'a', ends_at: 'b' },
          { kind: 'meeting_tables', hall_id: 1, tables: 4 },
          { kind: 'weather' },
          'odd',
        ],
      }),
    );
    expect(clashes.map((c) => c.kind)).toEqual(['meeting', 'session', 'meeting_tables', 'other', 'other']);
    expect(clashes[0]).toMatchObject({ party: 'exhibitor', meetingId: 4 });
    expect(clashes[1]).toMatchObject({ title: 'Main Dialogue', sessionId: 9 });
    expect(clashes[2]).toMatchObject({ hallId: 1, tables: 4 });
  });

  test('no conflicts: an empty list', () => {
    expect(meetingClashes(problem({}))).toEqual([]);
    expect(meetingClashes(null)).toEqual([]);
  });

  test('allowed transitions keep only known actions; none listed is null', () => {
    expect(allowedFrom(problem({ allowed_transitions: ['approve', 'reject', 'fly'] }), isApplicationAction)).toEqual([
      'approve',
      'reject',
    ]);
    expect(allowedFrom(problem({ allowed_transitions: [] }), isApplicationAction)).toEqual([]);
    expect(allowedFrom(problem({}), isApplicationAction)).toBeNull();
  });
});
