// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { jsonResponse, renderWithApp } from '../test/render';
import { ForgotPassword } from './ForgotPassword';
import { ResetPassword } from './ResetPassword';

afterEach(cleanup);

const TOKEN = 'Zr4sT8vKq2mWn6pXb0cYh3jLd7fGa1eUo5iNt9wB';
const PASSWORD = 'midnight-sun-over-lapland';

const problem = (status: number, detail: string, headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({ type: '/problems/x', title: 'X', status, detail, instance: '/api/v1/auth/password-reset', request_id: 'r1' }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );

test('asking for a reset: the same answer for any address; too many asks say how long to wait', async () => {
  const asked: string[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const { email } = (await request.json()) as { email: string };
    asked.push(email);
    if (asked.length > 2) return problem(429, 'too many password reset requests', { 'Retry-After': '840' });
    return jsonResponse(202, { detail: 'If an active account has this address, a link is on its way.' });
  };
  renderWithApp(<ForgotPassword />, handler, '/forgot-password', { session: null });
  fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
  expect(screen.getByText('Enter your e-mail address.')).toBeTruthy();
  expect(asked).toHaveLength(0);

  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'nobody@gmd.example' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
  await screen.findByText(/If an active account has the address nobody@gmd\.example/);
  fireEvent.click(screen.getByRole('button', { name: 'Ask again' }));
  fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
  await screen.findByText('Check your inbox');
  fireEvent.click(screen.getByRole('button', { name: 'Ask again' }));
  fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
  await screen.findByText('Too many requests for this address or from this network. Try again in 14 minutes.');
});

test('a new password from the link in the fragment; then the spent link says so', async () => {
  const sent: unknown[] = [];
  let used = false;
  const handler = async (request: Request): Promise<Response> => {
    const body = (await request.json()) as { token: string; password: string };
    if (body.token !== TOKEN) return problem(404, 'no such link');
    if (used) return problem(410, 'this link was used');
    sent.push(body);
    used = true;
    return new Response(null, { status: 204 });
  };
  renderWithApp(<ResetPassword />, handler, `/reset-password#token=${TOKEN}`, { session: null });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: PASSWORD } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: PASSWORD } });
  fireEvent.click(screen.getByRole('button', { name: 'Save the new password' }));
  await screen.findByText('Your password is changed.');
  expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  expect(sent).toEqual([{ token: TOKEN, password: PASSWORD }]);
  cleanup();

  renderWithApp(<ResetPassword />, handler, `/reset-password#token=${TOKEN}`, { session: null });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: PASSWORD } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: PASSWORD } });
  fireEvent.click(screen.getByRole('button', { name: 'Save the new password' }));
  await screen.findByRole('heading', { name: 'This reset link no longer works' });
  expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
});
