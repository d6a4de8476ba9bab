import { describe, expect, test } from 'vitest';
import { en, format, zh, type MessageKey } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  test('Chinese has every English key, none empty, and nothing more', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const text of Object.values(zh)) expect(text.trim()).not.toBe('');
  });

  test('both languages use the same placeholders', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  test('format fills placeholders and leaves unknown ones', () => {
    expect(format('{a} of {b}', { a: 1, b: 'two' })).toBe('1 of two');
    expect(format('{a} {missing}', { a: 'x' })).toBe('x {missing}');
  });
});
