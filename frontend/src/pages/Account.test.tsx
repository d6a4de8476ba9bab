// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import type { NotificationSettings } from '../api/types';
import { jsonResponse, renderWithApp } from '../test/render';
import { Account } from './Account';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const DELEGATE = { id: 14, email: 'sanna@rovaniemi.example', display_name: 'Sanna Virtanen', role: 'delegate', delegate_id: 7 };

function server(me: Record<string, unknown> = DELEGATE) {
  let stored: NotificationSettings = { waitlist: true, sessions: true, meetings: true };
  const puts: NotificationSettings[] = [];
  const erasures: string[] = [];
  const exports: (string | null)[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, me);
    if (path === '/api/v1/auth/me/notifications' && request.method === 'GET') return jsonResponse(200, stored);
    if (path === '/api/v1/auth/me/notifications' && request.method === 'PUT') {
      const body = (await request.json()) as NotificationSettings;
      puts.push(body);
      stored = body;
      return jsonResponse(200, stored);
    }
    if (path === '/api/v1/auth/me/export') {
      exports.push(request.headers.get('Authorization'));
      return new Response(JSON.stringify({ account: { email: DELEGATE.email } }), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Content-Disposition': 'attachment; filename="my-data.json"' },
      });
    }
    if (path === '/api/v1/auth/me/erasure-request' && request.method === 'POST') {
      erasures.push(path);
      return jsonResponse(202, { id: 3, delegate_id: 7, requested_at: '2026-01-20T10:00:00Z', carried_out_at: null });
    }
    return jsonResponse(404, { type: '/problems/not-found', title: 'Not Found', status: 404, detail: path, instance: path, request_id: 'r' });
  };
  return { handler, puts, erasures, exports, stored: () => stored };
}

test('notification settings: shown as stored, one turned off and saved; what is always sent is said', async () => {
  const { handler, puts, stored } = server();
  renderWithApp(<Account />, handler, '/account');
  const form = await screen.findByRole('form', { name: 'Notifications' });
  const meetings = within(form).getByLabelText<HTMLInputElement>('someone asks me for a B2B meeting, or answers my request');
  const waitlist = within(form).getByLabelText<HTMLInputElement>('a waitlisted place of mine in a session is confirmed');
  expect(meetings.checked).toBe(true);
  expect(waitlist.checked).toBe(true);
  expect(within(form).getByText('Accreditation decisions, invitations and password resets are always sent.')).toBeTruthy();

  fireEvent.click(meetings);
  expect(meetings.checked).toBe(false);
  fireEvent.click(within(form).getByRole('button', { name: 'Save notification settings' }));
  await screen.findByText('Your notification settings were saved.');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(screen.getByText('Your notification settings were saved.')).toBeTruthy();
  expect(puts).toEqual([{ waitlist: true, sessions: true, meetings: false }]);
  expect(stored()).toEqual({ waitlist: true, sessions: true, meetings: false });
  expect(screen.getByLabelText<HTMLInputElement>('someone asks me for a B2B meeting, or answers my request').checked).toBe(false);
});

test('my data is fetched with the bearer token and saved as my-data.json', async () => {
  const { handler, exports } = server();
  const createObjectURL = vi.fn(() => 'blob:my-data');
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
  const names: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  renderWithApp(<Account />, handler, '/account');
  fireEvent.click(await screen.findByRole('button', { name: 'Download my data' }));
  await screen.findByText('my-data.json is in your downloads.');
  expect(exports).toEqual(['Bearer a1']);
  expect(names).toEqual(['my-data.json']);
  expect(createObjectURL).toHaveBeenCalledTimes(1);
});

test('a delegate asks to be erased after reading what goes and what stays, and confirming', async () => {
  const { handler, erasures } = server();
  renderWithApp(<Account />, handler, '/account');
  const section = await screen.findByRole('region', { name: 'Ask to be erased' });
  expect(within(section).getByText(/shown as “Erased delegate”/)).toBeTruthy();
  expect(within(section).getByRole('heading', { name: 'What is kept' })).toBeTruthy();
  fireEvent.click(within(section).getByRole('button', { name: 'Ask to be erased…' }));
  expect(erasures).toHaveLength(0);
  fireEvent.click(within(section).getByRole('button', { name: 'Yes, ask to be erased' }));
  await within(section).findByText(/is recorded\. An organizer will carry it out/);
  expect(erasures).toHaveLength(1);
  expect(within(section).queryByRole('button', { name: 'Ask to be erased…' })).toBeNull();
});

test('staff see the way to two-factor sign-in, and no erasure request', async () => {
  const { handler } = server({ id: 2, email: 'organizer@gmd.example', display_name: 'Demo Organizer', role: 'organizer' });
  renderWithApp(<Account />, handler, '/account');
  expect((await screen.findByRole('link', { name: 'Manage two-factor sign-in' })).getAttribute('href')).toBe('/account/security');
  await screen.findByRole('form', { name: 'Notifications' });
  expect(screen.queryByRole('region', { name: 'Ask to be erased' })).toBeNull();
});
