/**
 * The secret of a mailed link (an invitation, a password reset). Mails carry it in the
 * address's fragment, `…/invitation#token=<secret>`, which browsers never send to a server
 * (nor in a Referer): the page reads it from `location.hash` and posts it to the API.
 */

/** The longest secret the API accepts (`LinkToken.token`). */
export const MAX_TOKEN_LENGTH = 200;

/**
 * The `token` of a fragment such as `#token=abc` (with or without the `#`, among other
 * `name=value` pairs, percent-encoded or not); null when there is none, it is empty, too
 * long, or holds anything but the URL-safe characters a secret is made of.
 */
export function tokenFromHash(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment) return null;
  let value: string | null;
  try {
    value = new URLSearchParams(fragment).get('token');
  } catch {
    return null;
  }
  // Mail programs sometimes keep a trailing full stop or bracket from the sentence around a link.
  const token = value?.trim().replace(/[.,;:)\]>]+$/, '') ?? '';
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  return /^[A-Za-z0-9_-]+$/.test(token) ? token : null;
}
