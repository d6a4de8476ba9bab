import { describe, expect, test } from 'vitest';
import { delegate } from '../test/fixtures';
import { bioNeedsEnglish, splitCodes, toForm, toPatch } from './profileForm';

const TZ = 'Asia/Shanghai';

describe('profile form', () => {
  test('an untouched form sends nothing', () => {
    const d = delegate();
    expect(toPatch(d, toForm(d, TZ), TZ)).toEqual({});
  });

  test('sends only the changed fields; blanks clear', () => {
    const d = delegate();
    const form = { ...toForm(d, TZ), phone: '  ', hotel: 'Modern Hotel', consent_public_profile: false };
    expect(toPatch(d, form, TZ)).toEqual({ phone: null, hotel: 'Modern Hotel', consent_public_profile: false });
  });

  test('travel times are read on the event clock', () => {
    const d = delegate();
    expect(toForm(d, TZ).arrival_at).toBe('2026-01-05T09:30');
    const form = { ...toForm(d, TZ), departure_at: '2026-01-09T14:00' };
    expect(toPatch(d, form, TZ)).toEqual({ departure_at: '2026-01-09T06:00:00Z' });
  });

  test('language lists are parsed and compared', () => {
    expect(splitCodes(' FI, en ,, zh-Hant ')).toEqual(['fi', 'en', 'zh-Hant']);
    const d = delegate();
    expect(toPatch(d, { ...toForm(d, TZ), languages: 'fi,en' }, TZ)).toEqual({});
    expect(toPatch(d, { ...toForm(d, TZ), interpretation_needs: 'zh, en' }, TZ)).toEqual({
      interpretation_needs: ['zh', 'en'],
    });
  });

  test('the biography keeps other languages and needs English', () => {
    const d = delegate({ bio: { en: 'Hello', fi: 'Hei' } });
    const form = { ...toForm(d, TZ), bio_zh: '你好' };
    expect(toPatch(d, form, TZ)).toEqual({ bio: { en: 'Hello', fi: 'Hei', zh: '你好' } });
    expect(bioNeedsEnglish({ ...form, bio_en: '' })).toBe(true);
    expect(toPatch(d, { ...form, bio_en: '', bio_zh: '' }, TZ)).toEqual({ bio: null });
  });
});
