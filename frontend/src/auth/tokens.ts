import type { TokenPair } from '../api/types';

/** The part of a token pair the browser keeps between visits. */
export type Session = Pick<TokenPair, 'access_token' | 'refresh_token'>;

/** Where the session lives, observable so that the UI follows sign-in and sign-out. */
export interface TokenStore {
  get: () => Session | null;
  set: (session: Session | null) => void;
  subscribe: (listener: () => void) => () => void;
}

const STORAGE_KEY = 'gmd.session';

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'access_token' in value &&
      'refresh_token' in value &&
      typeof value.access_token === 'string' &&
      typeof value.refresh_token === 'string'
    ) {
      return { access_token: value.access_token, refresh_token: value.refresh_token };
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return null;
}

/**
 * A store backed by `storage` (localStorage in the browser), so a reload keeps the user
 * signed in; other tabs' changes arrive through the `storage` event.
 */
export function createTokenStore(storage: Storage | undefined, target?: Window): TokenStore {
  let current = parse(storage?.getItem(STORAGE_KEY) ?? null);
  const listeners = new Set<() => void>();
  const notify = () => {
    listeners.forEach((listener) => {
      listener();
    });
  };
  target?.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = parse(event.newValue);
    notify();
  });
  return {
    get: () => current,
    set: (session) => {
      current = session;
      if (session) storage?.setItem(STORAGE_KEY, JSON.stringify(session));
      else storage?.removeItem(STORAGE_KEY);
      notify();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
