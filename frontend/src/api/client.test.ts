import { describe, expect, test } from 'vitest';
import { createTokenStore } from '../auth/tokens';
import { memoryStorage } from '../test/memoryStorage';
import { createApi } from './client';
import { ApiError, unwrap } from './problem';

const BASE = 'http://api.test';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const unauthorized = () =>
  json(
    401,
    { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'expired', instance: '/', request_id: 'r' },
    'application/problem+json',
  );

const me = { id: 1, email: 'a@b.c', display_name: 'A', role: 'organizer' };

/** A fake API: access tokens `a1`, `a2`, …; refresh tokens `r1`, `r2`, … (each works once). */
function fakeApi(options: { refreshWorks?: boolean } = {}) {
  const calls: { path: string; auth: string | null }[] = [];
  let valid = 'a1';
  let refreshToken = 'r1';
  let generation = 1;
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const auth = request.headers.get('Authorization');
    calls.push({ path, auth });
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (path === '/api/v1/auth/refresh') {
      const body = (await request.json()) as { refresh_token: string };
      if (options.refreshWorks === false || body.refresh_token !== refreshToken) return unauthorized();
      generation += 1;
      valid = `a${String(generation)}`;
      refreshToken = `r${String(generation)}`;
      return json(200, { access_token: valid, refresh_token: refreshToken, token_type: 'Bearer', expires_in: 900 });
    }
    if (path === '/api/v1/cities') {
      // Public, but a bad token is refused (as the API does).
      if (auth && auth !== `Bearer ${valid}`) return unauthorized();
      return json(200, { items: [], page: 1, per_page: 25, total: 0 });
    }
    if (auth !== `Bearer ${valid}`) return unauthorized();
    return json(200, me);
  };
  return {
    calls,
    handler,
    expire: () => {
      valid = 'nobody-has-this';
    },
  };
}

function setup(options?: { refreshWorks?: boolean }) {
  const fake = fakeApi(options);
  const tokens = createTokenStore(memoryStorage());
  tokens.set({ access_token: 'a1', refresh_token: 'r1' });
  const api = createApi(tokens, fake.handler, BASE);
  return { fake, tokens, api };
}

describe('authenticated client', () => {
  test('sends the access token', async () => {
    const { api, fake } = setup();
    expect(unwrap(await api.GET('/api/v1/auth/me')).display_name).toBe('A');
    expect(fake.calls).toEqual([{ path: '/api/v1/auth/me', auth: 'Bearer a1' }]);
  });

  test('on 401 refreshes once and repeats the request', async () => {
    const { api, fake, tokens } = setup();
    fake.expire();
    tokens.set({ access_token: 'a0', refresh_token: 'r1' });
    expect(unwrap(await api.GET('/api/v1/auth/me')).id).toBe(1);
    expect(fake.calls.map((c) => c.path)).toEqual(['/api/v1/auth/me', '/api/v1/auth/refresh', '/api/v1/auth/me']);
    expect(fake.calls[2]?.auth).toBe('Bearer a2');
    expect(tokens.get()).toEqual({ access_token: 'a2', refresh_token: 'r2' });
  });

  test('concurrent 401s share one refresh', async () => {
    const { api, fake, tokens } = setup();
    tokens.set({ access_token: 'stale', refresh_token: 'r1' });
    const results = await Promise.all([api.GET('/api/v1/auth/me'), api.GET('/api/v1/auth/me'), api.GET('/api/v1/auth/me')]);
    expect(results.every((r) => r.response.ok)).toBe(true);
    expect(fake.calls.filter((c) => c.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  test('a refused refresh signs out; a public read then works anonymously', async () => {
    const { api, fake, tokens } = setup({ refreshWorks: false });
    tokens.set({ access_token: 'stale', refresh_token: 'r1' });
    const cities = await api.GET('/api/v1/cities');
    expect(cities.response.status).toBe(200);
    expect(tokens.get()).toBeNull();
    expect(fake.calls.at(-1)).toEqual({ path: '/api/v1/cities', auth: null });

    tokens.set({ access_token: 'stale', refresh_token: 'r1' });
    const mine = await api.GET('/api/v1/auth/me');
    expect(() => unwrap(mine)).toThrow(ApiError);
    expect(mine.response.status).toBe(401);
  });

  test('never sends the bearer token to the sign-in calls', async () => {
    const { api, fake } = setup();
    await api.POST('/api/v1/auth/login', { body: { email: 'x', password: 'y' } });
    expect(fake.calls[0]?.auth).toBeNull();
  });
});
