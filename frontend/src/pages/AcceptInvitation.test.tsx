// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, expect, test } from 'vitest';
import type { InvitationDetails } from '../api/types';
import { jsonResponse, renderWithApp } from '../test/render';
import { AcceptInvitation } from './AcceptInvitation';

afterEach(cleanup);

const TOKEN = 'q8Xb2mRk0vTz5LwN3cYh7sJd1fGa9pEu4iOo6nBt';
const PASSWORD = 'aurora-reindeer-snow-2026';

const problem = (status: number, detail: string, errors?: { field: string; message: string }[]) =>
  jsonResponse(status, {
    type: '/problems/x',
    title: 'X',
    status,
    detail,
    instance: '/api/v1/invitations',
    request_id: 'r1',
    ...(errors ? { errors } : {}),
  });

const SANNA: InvitationDetails = {
  email: 'sanna.virtanen@rovaniemi.example',
  display_name: 'Sanna Virtanen',
  role: 'delegate',
  asks_consent: true,
  language: 'en',
};

/** The invitation service: one link, used once; a weak password is refused at its field. */
function server(details: InvitationDetails = SANNA) {
  const accepted: unknown[] = [];
  const auth: (string | null)[] = [];
  let used = false;
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') {
      return jsonResponse(200, { id: 14, email: details.email, display_name: details.display_name, role: details.role, delegate_id: 6 });
    }
    if (path === '/api/v1/invitations/lookup' || path === '/api/v1/invitations/accept') {
      auth.push(request.headers.get('Authorization'));
      const body = (await request.json()) as { token: string; password?: string; consent_public_profile?: boolean };
      if (body.token !== TOKEN) return problem(404, 'no such link');
      if (used) return problem(410, 'this link was used');
      if (path.endsWith('/lookup')) return jsonResponse(200, details);
      if ((body.password ?? '').startsWith('password')) {
        return problem(422, 'Some fields are invalid.', [{ field: 'password', message: 'is too easy to guess' }]);
      }
      accepted.push(body);
      used = true;
      return jsonResponse(200, { access_token: 'a9', refresh_token: 'r9', token_type: 'Bearer', expires_in: 900 });
    }
    return problem(404, path);
  };
  return { handler, accepted, auth };
}

const app = (
  <Routes>
    <Route path="/invitation" element={<AcceptInvitation />} />
    <Route path="/me" element={<p>The delegate’s home</p>} />
  </Routes>
);

const type = (label: string, value: string) => {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
};

test('the link’s token, from the fragment, greets the person; password and consent sign them in', async () => {
  const { handler, accepted, auth } = server();
  const { tokens } = renderWithApp(app, handler, `/invitation#token=${TOKEN}`, { session: null });
  await screen.findByRole('heading', { level: 1, name: 'Welcome, Sanna Virtanen' });
  expect(screen.getByText('sanna.virtanen@rovaniemi.example')).toBeTruthy();
  expect(screen.getByText('At least 12 characters', { exact: false })).toBeTruthy();

  // Too short, then two different passwords: refused here, nothing sent.
  type('New password', 'short');
  fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
  expect(screen.getByText('The password needs at least 12 characters.')).toBeTruthy();
  type('New password', PASSWORD);
  type('Repeat the new password', `${PASSWORD}!`);
  fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
  expect(screen.getByText('The two passwords are not the same.')).toBeTruthy();
  expect(document.activeElement).toBe(screen.getByLabelText('Repeat the new password'));

  // The consent is a choice to make, neither answer given for the person.
  type('Repeat the new password', PASSWORD);
  const consent = screen.getByRole('group', { name: 'Your public profile' });
  expect(within(consent).getByRole<HTMLInputElement>('radio', { name: 'Yes, show my public profile' }).checked).toBe(false);
  expect(within(consent).getByRole<HTMLInputElement>('radio', { name: 'No, keep my profile private' }).checked).toBe(false);
  fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
  expect(within(consent).getByText('Choose yes or no.')).toBeTruthy();
  expect(accepted).toHaveLength(0);

  fireEvent.click(within(consent).getByRole('radio', { name: 'No, keep my profile private' }));
  fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
  await screen.findByText('The delegate’s home');
  expect(accepted).toEqual([{ token: TOKEN, password: PASSWORD, consent_public_profile: false }]);
  // Signed in as by the sign-in form; the link's calls carried no one's token.
  expect(tokens.get()).toEqual({ access_token: 'a9', refresh_token: 'r9' });
  expect(auth).toEqual([null, null]);
});

test('a weak password: the API’s reason at the field', async () => {
  const { handler } = server({ ...SANNA, role: 'organizer', asks_consent: false });
  renderWithApp(app, handler, `/invitation#token=${TOKEN}`, { session: null });
  await screen.findByRole('heading', { name: 'Welcome, Sanna Virtanen' });
  expect(screen.queryByRole('group', { name: 'Your public profile' })).toBeNull();
  type('New password', 'password1234');
  type('Repeat the new password', 'password1234');
  fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
  await screen.findByText('is too easy to guess');
  expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
});

test('a spent link (410) and an unknown one (404) say so in plain words', async () => {
  const { handler, accepted } = server();
  accepted.length = 0;
  // Use the link once, through the API, then open it.
  await handler(
    new Request('http://api.test/api/v1/invitations/accept', {
      method: 'POST',
      body: JSON.stringify({ token: TOKEN, password: PASSWORD, consent_public_profile: true }),
    }),
  );
  renderWithApp(app, handler, `/invitation#token=${TOKEN}`, { session: null });
  await screen.findByRole('heading', { name: 'This invitation link no longer works' });
  expect(screen.getByRole('link', { name: 'Forgot your password?' }).getAttribute('href')).toBe('/forgot-password');
  cleanup();

  renderWithApp(app, handler, '/invitation#token=someoneElsesLink', { session: null });
  await screen.findByRole('heading', { name: 'This invitation link is not known' });
  cleanup();

  renderWithApp(app, handler, '/invitation', { session: null });
  await screen.findByRole('heading', { name: 'This address has no invitation in it' });
});
