import { describe, expect, test } from 'vitest';
import { groupSecret, looksLikeAppCode, NOTIFICATION_KINDS, qrImageSrc, recoveryCodesText } from './account';

describe('account helpers', () => {
  test('the notification categories, in display order', () => {
    expect(NOTIFICATION_KINDS).toEqual(['waitlist', 'sessions', 'meetings']);
  });

  test('a QR code SVG becomes an image address, every markup character encoded', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1H0z" fill="#000"/></svg>';
    const src = qrImageSrc(svg);
    expect(src.startsWith('data:image/svg+xml;utf8,')).toBe(true);
    expect(src).not.toMatch(/[<>"#\s]/);
    expect(decodeURIComponent(src.slice('data:image/svg+xml;utf8,'.length))).toBe(svg);
  });

  test('a secret in groups of four', () => {
    expect(groupSecret('jbswy3dpehpk3pxp')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('JBSW Y3DP EH')).toBe('JBSW Y3DP EH');
    expect(groupSecret('')).toBe('');
  });

  test('recovery codes as a text file', () => {
    const text = recoveryCodesText(['k7m2p-x9q4r', 'b3n8t-w2e6y'], 'organizer@gmd.example', new Date('2026-01-05T09:00:00Z'), 'Codes');
    expect(text).toBe('Codes\norganizer@gmd.example\n2026-01-05T09:00:00.000Z\n\nk7m2p-x9q4r\nb3n8t-w2e6y\n');
  });

  test('an app code is six digits', () => {
    expect(looksLikeAppCode('492 039')).toBe(true);
    expect(looksLikeAppCode('k7m2p-x9q4r')).toBe(false);
    expect(looksLikeAppCode('12345')).toBe(false);
  });
});
