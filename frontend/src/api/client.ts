import createClient, { type Client } from 'openapi-fetch';
import type { TokenStore } from '../auth/tokens';
import type { paths } from './schema';
import type { TokenPair } from './types';

export type Api = Client<paths>;

type Fetch = (request: Request) => Promise<Response>;

/**
 * The calls that carry a token (or a mailed link's secret) in their body, never in a header:
 * whoever is signed in in this browser has nothing to do with an invitation or a reset link.
 */
const TOKENLESS = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/password-reset/confirm',
  '/api/v1/invitations/lookup',
  '/api/v1/invitations/accept',
]);

/**
 * A fetch that sends the access token and, when the API answers 401, trades the refresh
 * token for a new pair once and repeats the request. Concurrent 401s share one refresh,
 * because a refresh token works only once (a reuse revokes the whole sign-in).
 */
export function authenticatedFetch(tokens: TokenStore, baseFetch: Fetch, baseUrl: string): Fetch {
  const bare = createClient<paths>({ baseUrl, fetch: baseFetch });
  let refreshing: Promise<TokenPair | null> | null = null;

  async function refresh(): Promise<TokenPair | null> {
    const session = tokens.get();
    if (!session) return null;
    try {
      const { data } = await bare.POST('/api/v1/auth/refresh', {
        body: { refresh_token: session.refresh_token },
      });
      // Another tab may have signed out or in meanwhile; only replace what we used.
      if (tokens.get()?.refresh_token !== session.refresh_token) return null;
      tokens.set(data ? { access_token: data.access_token, refresh_token: data.refresh_token } : null);
      return data ?? null;
    } catch {
      return null;
    }
  }

  function refreshOnce(): Promise<TokenPair | null> {
    refreshing ??= refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return async (request) => {
    const sent = tokenless(request) ? undefined : tokens.get()?.access_token;
    if (!sent) return baseFetch(request);
    const retry = request.clone();
    request.headers.set('Authorization', `Bearer ${sent}`);
    const response = await baseFetch(request);
    if (response.status !== 401) return response;

    // Someone refreshed while this request was on its way: use their token.
    const now = tokens.get()?.access_token;
    const fresh = now && now !== sent ? now : (await refreshOnce())?.access_token;
    // Without a session any more, a public read still works anonymously.
    if (fresh) retry.headers.set('Authorization', `Bearer ${fresh}`);
    return baseFetch(retry);
  };
}

function tokenless(request: Request): boolean {
  return TOKENLESS.has(new URL(request.url, 'http://localhost').pathname);
}

/** The typed API client. `baseUrl` is empty in the browser: the API shares the origin. */
export function createApi(tokens: TokenStore, baseFetch: Fetch = (r) => fetch(r), baseUrl = ''): Api {
  return createClient<paths>({ baseUrl, fetch: authenticatedFetch(tokens, baseFetch, baseUrl) });
}
