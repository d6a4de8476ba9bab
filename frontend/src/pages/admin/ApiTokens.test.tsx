// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import type { ApiToken, CreateApiToken } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import { ApiTokens } from './ApiTokens';

afterEach(cleanup);

const SECRET = 'gmd_live_7Qv2cN9xKp4LmT8wRz3YbH6s';

/** The token registry: creating answers the secret once; the list never shows it. */
function server() {
  const tokens: ApiToken[] = [];
  const created: CreateApiToken[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 1, email: 'a@x', display_name: 'A', role: 'admin' });
    if (path === '/api/v1/api-tokens' && request.method === 'GET') {
      return jsonResponse(200, { items: tokens, page: 1, per_page: 25, total: tokens.length });
    }
    if (path === '/api/v1/api-tokens' && request.method === 'POST') {
      const body = (await request.json()) as CreateApiToken;
      created.push(body);
      if (body.scopes.length === 0) {
        return jsonResponse(422, {
          type: '/problems/validation',
          title: 'Invalid input',
          status: 422,
          detail: 'Some fields are invalid.',
          instance: path,
          request_id: 'r1',
          errors: [{ field: 'scopes', message: 'name at least one scope' }],
        });
      }
      const token: ApiToken = {
        id: 4,
        name: body.name,
        prefix: SECRET.slice(0, 12),
        scopes: body.scopes,
        event: body.event ?? null,
        expires_at: null,
        last_used_at: null,
        revoked_at: null,
        active: true,
        created_at: '2026-01-02T00:00:00Z',
        updated_at: '2026-01-02T00:00:00Z',
      };
      tokens.push(token);
      return jsonResponse(201, { ...token, secret: SECRET });
    }
    return jsonResponse(404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: path, instance: path, request_id: 'r' });
  };
  return { handler, created };
}

test('a token: refused without scopes at the field, then created with its secret once, in list order', async () => {
  const { handler, created } = server();
  renderWithApp(<ApiTokens />, handler, '/admin/api-tokens');
  await screen.findByText('No API token yet.');
  fireEvent.click(screen.getByText('Create a token'));
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Hotel sync' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create the token' }));
  const scopes = await screen.findByRole('group', { name: 'Scopes' });
  expect(within(scopes).getByText('name at least one scope')).toBeTruthy();
  expect(scopes.getAttribute('aria-describedby')).toBe('tk-scopes-error');

  // Ticked out of order, sent in the spec's order.
  fireEvent.click(screen.getByRole('checkbox', { name: 'program:read' }));
  fireEvent.click(screen.getByRole('checkbox', { name: 'delegates:read' }));
  fireEvent.click(screen.getByRole('button', { name: 'Create the token' }));
  await screen.findByRole('heading', { name: 'Token “Hotel sync” created' });
  expect(created[1]?.scopes).toEqual(['delegates:read', 'program:read']);
  expect(screen.getByLabelText<HTMLInputElement>('Secret').value).toBe(SECRET);
  // The form folds away once saved; the list counts one token.
  expect(screen.getByText('Create a token').closest('details')?.open).toBe(false);
  await screen.findByText('1 token');
  const row = screen.getByRole('row', { name: /Hotel sync/ });
  expect(within(row).queryByText(SECRET)).toBeNull();

  fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
  expect(screen.queryByDisplayValue(SECRET)).toBeNull();
});
