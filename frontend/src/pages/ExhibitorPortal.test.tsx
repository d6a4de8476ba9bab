// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import type { ApplicationAction, ApplicationStatus, Exhibitor } from '../api/types';
import { harbinEvent } from '../test/fixtures';
import { jsonResponse, renderWithApp } from '../test/render';
import { ExhibitorPortal } from './ExhibitorPortal';

afterEach(cleanup);

const event = harbinEvent();
const page = (items: unknown[]) => ({ items, page: 1, per_page: 100, total: items.length });

/** The API's table, for the test server only: what is possible from each status. */
const ALLOWED: Record<ApplicationStatus, ApplicationAction[]> = {
  applied: ['review', 'withdraw'],
  under_review: ['approve', 'reject', 'withdraw'],
  approved: ['reject', 'withdraw'],
  rejected: ['reapply'],
  withdrawn: ['reapply'],
};
const MOVES: Partial<Record<ApplicationAction, ApplicationStatus>> = { withdraw: 'withdrawn', reapply: 'applied' };

const ice = (status: ApplicationStatus, booths: Exhibitor['booths'], version: number): Exhibitor => ({
  id: 3,
  name: { en: 'Harbin Ice Works' },
  kind: 'company',
  country: 'CN',
  city_id: 1,
  sectors: ['equipment'],
  status,
  allowed_actions: ALLOWED[status],
  booths,
  contacts: [],
  description: null,
  logo_url: null,
  website: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version,
});

/** The exhibitor's server: it starts approved with booth A-12 and moves as it is told. */
function server(start: ApplicationStatus) {
  let exhibitor = ice(start, start === 'approved' ? [{ booth_id: 12, hall_id: 1, code: 'A-12' }] : [], 1);
  const actions: string[] = [];
  const handler = async (request: Request): Promise<Response> => {
    await Promise.resolve();
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 5, email: 'e@x', display_name: 'E', role: 'exhibitor', exhibitor_id: 3 });
    if (path === '/api/v1/events/harbin-2026') return jsonResponse(200, event);
    if (path === '/api/v1/events/harbin-2026/exhibitors/3') return jsonResponse(200, exhibitor);
    const move = /^\/api\/v1\/events\/harbin-2026\/exhibitors\/3\/application\/(\w+)$/.exec(path);
    if (move?.[1] && request.method === 'POST') {
      const action = move[1] as ApplicationAction;
      actions.push(action);
      const to = MOVES[action];
      if (!to || !exhibitor.allowed_actions.includes(action)) {
        return jsonResponse(409, { type: '/problems/transition', title: 'Conflict', status: 409, detail: 'not now', instance: path, request_id: 'r', allowed_transitions: exhibitor.allowed_actions });
      }
      const released = exhibitor.booths;
      exhibitor = ice(to, [], exhibitor.version + 1);
      return jsonResponse(200, { exhibitor, released_booths: to === 'withdrawn' ? released : [], cancelled_meetings: to === 'withdrawn' ? [40, 41] : [] });
    }
    if (path.endsWith('/recommended-delegates')) return jsonResponse(200, { items: [] });
    return jsonResponse(200, page([]));
  };
  return { handler, actions };
}

const application = async () => {
  const heading = await screen.findByRole('heading', { level: 2, name: 'Application' });
  const card = heading.closest('section');
  if (!card) throw new Error('no application card');
  return within(card);
};

test('an approved exhibitor is offered only its own action, asked first, then may reapply', async () => {
  const { handler, actions } = server('approved');
  renderWithApp(<ExhibitorPortal />, handler);
  const card = await application();
  expect(card.getByText(/^Approved: you exhibit at the expo/)).toBeTruthy();
  // The API allows reject and withdraw from approved; reject is the organizers'.
  expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Withdraw']);

  fireEvent.click(card.getByRole('button', { name: 'Withdraw' }));
  expect(card.getByText('Your booths (A-12) will be freed and your open meetings cancelled.')).toBeTruthy();
  fireEvent.click(card.getByRole('button', { name: 'Cancel' }));
  expect(actions).toEqual([]);

  fireEvent.click(card.getByRole('button', { name: 'Withdraw' }));
  fireEvent.click(card.getByRole('button', { name: 'Yes, withdraw' }));
  await card.findByText('Harbin Ice Works: Approved → Withdrawn. Booths freed: A-12. 2 meeting(s) cancelled.');
  await card.findByText('You withdrew your application. You may apply again.');
  expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reapply']);
  expect(screen.getByText('No booth assigned yet.')).toBeTruthy();

  fireEvent.click(card.getByRole('button', { name: 'Reapply' }));
  await card.findByText('Harbin Ice Works: Withdrawn → Applied.');
  await card.findByText('Your application is in; the organizers will review it.');
  expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Withdraw']);
  expect(actions).toEqual(['withdraw', 'reapply']);
});

test('under review the exhibitor may only withdraw; rejected, only reapply', async () => {
  const review = server('under_review');
  renderWithApp(<ExhibitorPortal />, review.handler);
  let card = await application();
  expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Withdraw']);
  fireEvent.click(card.getByRole('button', { name: 'Withdraw' }));
  expect(card.getByText('Your open meetings will be cancelled.')).toBeTruthy();
  cleanup();

  const rejected = server('rejected');
  renderWithApp(<ExhibitorPortal />, rejected.handler);
  card = await application();
  expect(card.getByText('Your application was not approved. You may apply again.')).toBeTruthy();
  expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reapply']);
});
