// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { jsonResponse, renderWithApp } from '../test/render';
import { Login } from './Login';

afterEach(cleanup);

const problem = (status: number, type: string, detail: string) =>
  jsonResponse(status, { type, title: 'Unauthorized', status, detail, instance: '/api/v1/auth/login', request_id: 'r1' });

const PAIR = { access_token: 'a9', refresh_token: 'r9', token_type: 'Bearer', expires_in: 900 };
const ME = { id: 2, email: 'organizer@gmd.example', display_name: 'Demo Organizer', role: 'organizer' };

/** An organizer with two-factor sign-in: the password alone is answered 401 second-factor-required. */
function server() {
  const logins: Record<string, unknown>[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, ME);
    if (path === '/api/v1/auth/login') {
      const body = (await request.json()) as { email: string; password: string; code?: string };
      logins.push(body);
      if (body.password !== 'organizer-demo-2026') return problem(401, '/problems/unauthenticated', 'wrong e-mail or password');
      if (body.code === undefined) return problem(401, '/problems/second-factor-required', 'a two-factor code is needed');
      if (body.code !== '492039') return problem(401, '/problems/unauthenticated', 'the two-factor code is wrong or was already used');
      return jsonResponse(200, PAIR);
    }
    return problem(404, '/problems/not-found', path);
  };
  return { handler, logins };
}

test('a second factor: the code field after the password, then e-mail, password and code sent together', async () => {
  const { handler, logins } = server();
  const { tokens } = renderWithApp(<Login />, handler, '/login', { session: null });
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: ' organizer@gmd.example ' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'organizer-demo-2026' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

  const code = await screen.findByLabelText('Code');
  expect(screen.getByRole('heading', { name: 'Two-step sign-in' })).toBeTruthy();
  expect(screen.getByText(/The password for organizer@gmd\.example is right/)).toBeTruthy();
  expect(document.activeElement).toBe(code);
  expect(screen.queryByText('The e-mail or password is wrong.')).toBeNull();
  expect(tokens.get()).toBeNull();

  // Nothing typed: said at the field, nothing sent.
  fireEvent.click(screen.getByRole('button', { name: 'Confirm and sign in' }));
  expect(screen.getByText('Enter the code.')).toBeTruthy();
  expect(logins).toHaveLength(1);

  // A wrong code: said in plain words, the field emptied for the next one.
  fireEvent.change(code, { target: { value: '000000' } });
  fireEvent.click(screen.getByRole('button', { name: 'Confirm and sign in' }));
  await screen.findByText('The code is wrong or was already used. Enter the code the app shows now.');
  expect(screen.getByLabelText<HTMLInputElement>('Code').value).toBe('');

  fireEvent.change(screen.getByLabelText('Code'), { target: { value: ' 492039 ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Confirm and sign in' }));
  await waitFor(() => {
    expect(tokens.get()).toEqual({ access_token: 'a9', refresh_token: 'r9' });
  });
  expect(logins).toEqual([
    { email: 'organizer@gmd.example', password: 'organizer-demo-2026' },
    { email: 'organizer@gmd.example', password: 'organizer-demo-2026', code: '000000' },
    { email: 'organizer@gmd.example', password: 'organizer-demo-2026', code: '492039' },
  ]);
});

test('a wrong password stays on the first step; "start again" leaves the second', async () => {
  const { handler, logins } = server();
  renderWithApp(<Login />, handler, '/login', { session: null });
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'organizer@gmd.example' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'not-it' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByText('The e-mail or password is wrong.');
  expect(screen.queryByLabelText('Code')).toBeNull();

  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'organizer-demo-2026' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByLabelText('Code');
  fireEvent.click(screen.getByRole('button', { name: 'Start again with another account' }));
  expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
  expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  expect(logins).toHaveLength(2);
});
