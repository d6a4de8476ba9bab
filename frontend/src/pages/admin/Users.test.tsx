// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import type { Account, AccountChanges, NewAccount } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import { Users } from './Users';

afterEach(cleanup);

const account = (overrides: Partial<Account> & { id: number; email: string; display_name: string }): Account => ({
  role: 'organizer',
  status: 'active',
  language: 'en',
  bound_to: null,
  two_factor: false,
  created_at: '2026-01-02T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
  version: 1,
  ...overrides,
});

const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
  jsonResponse(status, { type: '/problems/x', title: 'X', status, detail, instance: '/api/v1/users', request_id: 'r1', ...extra });

/** The account registry: one address, one account; `If-Match` is checked. */
function server() {
  const accounts: Account[] = [
    account({ id: 1, email: 'admin@gmd.example', display_name: 'Demo Admin', role: 'admin' }),
    account({ id: 2, email: 'organizer@gmd.example', display_name: 'Demo Organizer', two_factor: true }),
    account({
      id: 3,
      email: 'aino@demo.gmd.example',
      display_name: 'Aino Korhonen',
      role: 'delegate',
      status: 'invited',
      bound_to: { kind: 'delegate', id: 7, name: 'Aino Korhonen' },
    }),
  ];
  const patches: { id: number; ifMatch: string | null; body: AccountChanges }[] = [];
  const resent: number[] = [];
  const settings = { require_staff_two_factor: false };
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 1, email: 'admin@gmd.example', display_name: 'Demo Admin', role: 'admin' });
    if (path === '/api/v1/settings/security' && request.method === 'GET') return jsonResponse(200, settings);
    if (path === '/api/v1/settings/security' && request.method === 'PUT') {
      const body = (await request.json()) as typeof settings;
      // The signed-in admin (account 1) has no second factor: requiring it is refused.
      if (body.require_staff_two_factor && !accounts.find((a) => a.id === 1)?.two_factor) {
        return problem(409, 'turn on two-factor sign-in for yourself first');
      }
      Object.assign(settings, body);
      return jsonResponse(200, settings);
    }
    if (path === '/api/v1/users' && request.method === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      const items = accounts.filter((a) => a.email.includes(q) || a.display_name.includes(q));
      return jsonResponse(200, { items, page: 1, per_page: 25, total: items.length });
    }
    if (path === '/api/v1/users' && request.method === 'POST') {
      const body = (await request.json()) as NewAccount;
      const existing = accounts.find((a) => a.email === body.email);
      if (existing) return problem(409, `${body.email} already has an account (user ${String(existing.id)})`, { existing_id: existing.id });
      const created = account({ id: 9, email: body.email, display_name: body.display_name, role: body.role, status: 'invited' });
      accounts.unshift(created);
      return jsonResponse(201, created);
    }
    const match = /^\/api\/v1\/users\/(\d+)(\/invitation)?$/.exec(path);
    const target = accounts.find((a) => a.id === Number(match?.[1]));
    if (target && match?.[2]) {
      resent.push(target.id);
      return jsonResponse(202, { user_id: target.id, mail_id: 40 });
    }
    if (target && request.method === 'PATCH') {
      const body = (await request.json()) as AccountChanges;
      patches.push({ id: target.id, ifMatch: request.headers.get('If-Match'), body });
      Object.assign(target, {
        ...(body.status ? { status: body.status } : {}),
        ...(body.role ? { role: body.role } : {}),
        ...(body.reset_two_factor ? { two_factor: false } : {}),
      });
      target.version += 1;
      return jsonResponse(200, target);
    }
    return problem(404, path);
  };
  return { handler, patches, resent };
}

test('creating an account for an address that has one says so, and shows that account', async () => {
  const { handler } = server();
  renderWithApp(<Users />, handler, '/admin/users');
  await screen.findByText('3 accounts');
  fireEvent.click(screen.getByText('Create an account'));
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'organizer@gmd.example' } });
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Li Wei' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create and invite' }));
  const alert = await screen.findByRole('alert');
  expect(within(alert).getByText('organizer@gmd.example already has an account.')).toBeTruthy();
  fireEvent.click(within(alert).getByRole('button', { name: 'Show that account' }));
  await screen.findByText('1 account');
  expect(screen.getByRole('row', { name: /Demo Organizer/ })).toBeTruthy();

  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'li.wei@gmd.example' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create and invite' }));
  await screen.findByText('Account created for li.wei@gmd.example: the invitation is on its way.');
});

test('deactivation is asked first and sent with the version; staff change role; the invited get a new link', async () => {
  const { handler, patches, resent } = server();
  renderWithApp(<Users />, handler, '/admin/users');
  const organizer = await screen.findByRole('row', { name: /Demo Organizer/ });
  // The signed-in admin cannot deactivate or demote themself; a delegate's role is not staff's.
  const self = screen.getByRole('row', { name: /Demo Admin/ });
  expect(within(self).queryByRole('button')).toBeNull();
  const delegate = screen.getByRole('row', { name: /Aino Korhonen/ });
  expect(within(delegate).queryByRole('button', { name: /Make/ })).toBeNull();
  expect(within(delegate).getByRole('link', { name: 'Aino Korhonen' }).getAttribute('href')).toBe('/admin/accreditation?q=Aino%20Korhonen');

  fireEvent.click(within(organizer).getByRole('button', { name: 'Deactivate: Demo Organizer' }));
  expect(patches).toHaveLength(0);
  fireEvent.click(within(organizer).getByRole('button', { name: 'Yes, deactivate' }));
  await screen.findByText('Demo Organizer is now: Deactivated.');
  expect(patches[0]).toEqual({ id: 2, ifMatch: '"2.1"', body: { status: 'deactivated' } });

  const again = await screen.findByRole('row', { name: /Demo Organizer/ });
  await within(again).findByRole('button', { name: 'Reactivate: Demo Organizer' });
  fireEvent.click(within(again).getByRole('button', { name: 'Make administrator: Demo Organizer' }));
  expect(within(again).getByText('Make Demo Organizer an administrator?')).toBeTruthy();
  fireEvent.click(within(again).getByRole('button', { name: 'Yes, change the role' }));
  await screen.findByText('Demo Organizer is now: Administrator.');
  expect(patches[1]).toEqual({ id: 2, ifMatch: '"2.2"', body: { role: 'admin' } });

  fireEvent.click(within(delegate).getByRole('button', { name: 'Resend invitation: Aino Korhonen' }));
  await screen.findByText('A new invitation to aino@demo.gmd.example is queued; the earlier link no longer works.');
  expect(resent).toEqual([3]);
});

test('two-factor: shown per account, a lost one reset after asking; requiring it of staff needs the admin to use it', async () => {
  const { handler, patches } = server();
  renderWithApp(<Users />, handler, '/admin/users');
  const organizer = await screen.findByRole('row', { name: /Demo Organizer/ });
  expect(within(organizer).getByText('On')).toBeTruthy();
  const self = screen.getByRole('row', { name: /Demo Admin/ });
  expect(within(self).getByText('Off')).toBeTruthy();
  expect(within(self).queryByRole('button', { name: /Reset two-factor/ })).toBeNull();

  fireEvent.click(within(organizer).getByRole('button', { name: 'Reset two-factor: Demo Organizer' }));
  expect(within(organizer).getByText('Reset two-factor sign-in for Demo Organizer?')).toBeTruthy();
  expect(patches).toHaveLength(0);
  fireEvent.click(within(organizer).getByRole('button', { name: 'Yes, reset' }));
  await screen.findByText('Demo Organizer: two-factor sign-in was reset.');
  expect(patches[0]).toEqual({ id: 2, ifMatch: '"2.1"', body: { reset_two_factor: true } });
  const after = await screen.findByRole('row', { name: /Demo Organizer/ });
  await within(after).findByText('Off');
  expect(within(after).queryByRole('button', { name: /Reset two-factor/ })).toBeNull();

  const form = await screen.findByRole('form', { name: 'Two-factor sign-in for staff' });
  const box = within(form).getByLabelText<HTMLInputElement>('Require two-factor sign-in for organizers and administrators');
  expect(box.checked).toBe(false);
  fireEvent.click(box);
  fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
  await within(form).findByText('Turn on two-factor sign-in for yourself first, so that you cannot lock yourself out.');
  expect(within(form).getByRole('link', { name: 'Set it up now' }).getAttribute('href')).toBe('/account/security');
});
