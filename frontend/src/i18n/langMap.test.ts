import { describe, expect, test } from 'vitest';
import { localEntry, pickLang, pickOptional } from './langMap';

describe('pickLang', () => {
  const harbin = { en: 'Harbin', zh: '哈尔滨' };

  test('shows the chosen language', () => {
    expect(pickLang(harbin, 'zh')).toBe('哈尔滨');
    expect(pickLang(harbin, 'en')).toBe('Harbin');
  });

  test('falls back to English', () => {
    expect(pickLang({ en: 'Rovaniemi', fi: 'Rovaniemi', se: 'Roavvenjárga' }, 'zh')).toBe('Rovaniemi');
  });

  test('takes a regional or script variant of the language', () => {
    expect(pickLang({ en: 'Taipei', 'zh-Hant': '臺北' }, 'zh')).toBe('臺北');
  });

  test('optional maps stay empty', () => {
    expect(pickOptional(null, 'zh')).toBeNull();
    expect(pickOptional({ en: 'Bio' }, 'zh')).toBe('Bio');
  });
});

describe('localEntry', () => {
  test('is the first non-English name, with its tag', () => {
    expect(localEntry({ en: 'Bucheon', ko: '부천시' })).toEqual({ tag: 'ko', text: '부천시' });
    expect(localEntry({ en: 'Edmonton' })).toBeNull();
  });
});
