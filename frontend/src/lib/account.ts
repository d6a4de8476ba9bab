import type { NotificationSettings } from '../api/types';

/**
 * The mails a person may turn off, in display order. The object's type makes the list
 * complete: a category added to the spec fails the build until it is placed here.
 */
const NOTIFICATION_ORDER: Record<keyof NotificationSettings, number> = { waitlist: 0, sessions: 1, meetings: 2 };

export const NOTIFICATION_KINDS = (Object.keys(NOTIFICATION_ORDER) as (keyof NotificationSettings)[]).sort(
  (a, b) => NOTIFICATION_ORDER[a] - NOTIFICATION_ORDER[b],
);

/**
 * The QR code the API drew (an SVG document) as an image address. An `<img>` shows it
 * without ever running it: scripts and links in an SVG loaded as an image are inert, so the
 * markup is never put into the page.
 */
export function qrImageSrc(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** A base32 secret in groups of four, easier to read off and type into an app. */
export function groupSecret(secret: string): string {
  const plain = secret.replace(/\s+/g, '').toUpperCase();
  return (plain.match(/.{1,4}/g) ?? []).join(' ');
}

/** The recovery codes as a text file: who they are for, when they were made, one a line. */
export function recoveryCodesText(codes: readonly string[], account: string, issuedAt: Date, heading: string): string {
  return [heading, account, issuedAt.toISOString(), '', ...codes, ''].join('\n');
}

/** Whether a typed code could be an app's code (six digits, spaces allowed). */
export function looksLikeAppCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

/** Hands `blob` to the browser as a download called `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
