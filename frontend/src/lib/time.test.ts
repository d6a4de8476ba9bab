import { describe, expect, test } from 'vitest';
import { formatDateRange, formatWhen, fromZonedInput, toZonedInput } from './time';

describe('event-clock inputs', () => {
  test('show an instant on the event clock', () => {
    expect(toZonedInput('2026-01-05T01:30:00Z', 'Asia/Shanghai')).toBe('2026-01-05T09:30');
    expect(toZonedInput(null, 'Asia/Shanghai')).toBe('');
  });

  test('read the event clock back as an instant', () => {
    expect(fromZonedInput('2026-01-05T09:30', 'Asia/Shanghai')).toBe('2026-01-05T01:30:00Z');
    expect(fromZonedInput('', 'Asia/Shanghai')).toBeNull();
  });

  test('respect daylight saving time', () => {
    expect(fromZonedInput('2026-07-01T12:00', 'Europe/Helsinki')).toBe('2026-07-01T09:00:00Z');
    expect(fromZonedInput('2026-01-01T12:00', 'Europe/Helsinki')).toBe('2026-01-01T10:00:00Z');
    expect(toZonedInput('2026-07-01T09:00:00Z', 'Europe/Helsinki')).toBe('2026-07-01T12:00');
  });
});

describe('formatDateRange', () => {
  test('keeps the calendar dates whatever the time zone', () => {
    const text = formatDateRange('2026-01-06', '2026-01-08', 'en-GB');
    expect(text).toContain('6');
    expect(text).toContain('8');
    expect(text).toContain('January 2026');
  });

  test('is written out in Chinese', () => {
    expect(formatDateRange('2026-01-06', '2026-01-08', 'zh-CN')).toBe('2026年1月6日至8日');
    expect(formatDateRange('2026-01-30', '2026-02-02', 'zh-CN')).toBe('2026年1月30日至2026年2月2日');
  });
});

describe('formatWhen', () => {
  const tz = 'Asia/Shanghai';
  test('today shows the time only, on the event clock', () => {
    expect(formatWhen('2026-01-06T01:02:03Z', 'en-GB', tz, new Date('2026-01-06T05:00:00Z'))).toBe('09:02:03');
  });

  test('another day shows the date too', () => {
    const text = formatWhen('2026-01-06T01:02:03Z', 'en-GB', tz, new Date('2026-01-07T05:00:00Z'));
    expect(text).toContain('6 Jan');
    expect(text).toContain('09:02:03');
  });
});
