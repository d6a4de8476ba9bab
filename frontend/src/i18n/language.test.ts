import { expect, test } from 'vitest';
import { memoryStorage } from '../test/memoryStorage';
import { initialLanguage, rememberLanguage } from './language';

test('the remembered choice wins over the browser', () => {
  const storage = memoryStorage();
  expect(initialLanguage(storage, ['zh-CN', 'en'])).toBe('zh');
  rememberLanguage(storage, 'en');
  expect(initialLanguage(storage, ['zh-CN'])).toBe('en');
});

test('unknown browser languages fall back to English', () => {
  expect(initialLanguage(memoryStorage(), ['fi-FI', 'sv'])).toBe('en');
});
