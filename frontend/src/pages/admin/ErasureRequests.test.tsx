// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import type { ErasureRequest } from '../../api/types';
import { delegate } from '../../test/fixtures';
import { jsonResponse, renderWithApp } from '../../test/render';
import { ErasureRequests } from './ErasureRequests';

afterEach(cleanup);

test('requests named from the delegate records; carrying one out needs the box ticked, then it is done', async () => {
  const requests: ErasureRequest[] = [
    { id: 3, delegate_id: 7, requested_at: '2026-01-20T10:00:00Z', carried_out_at: null },
    { id: 1, delegate_id: 8, requested_at: '2026-01-10T10:00:00Z', carried_out_at: '2026-01-11T10:00:00Z' },
  ];
  const records = new Map([
    [7, delegate({ id: 7 })],
    [8, delegate({ id: 8, given_name: 'Erased delegate', family_name: '' })],
  ]);
  const erased: number[] = [];
  const handler = async (request: Request): Promise<Response> => {
    await Promise.resolve();
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 2, email: 'organizer@gmd.example', display_name: 'Demo Organizer', role: 'organizer' });
    if (path === '/api/v1/events/harbin-2026/erasure-requests') return jsonResponse(200, { items: requests, page: 1, per_page: 25, total: requests.length });
    const one = /^\/api\/v1\/events\/harbin-2026\/delegates\/(\d+)(\/erasure)?$/.exec(path);
    const record = records.get(Number(one?.[1]));
    if (record && one?.[2] && request.method === 'POST') {
      erased.push(record.id);
      const after = delegate({ id: record.id, given_name: 'Erased delegate', family_name: '' });
      records.set(record.id, after);
      const [first, ...rest] = requests;
      if (first) requests.splice(0, requests.length, { ...first, carried_out_at: '2026-01-21T10:00:00Z' }, ...rest);
      return jsonResponse(200, after);
    }
    if (record) return jsonResponse(200, record);
    return jsonResponse(404, { type: '/problems/not-found', title: 'Not Found', status: 404, detail: path, instance: path, request_id: 'r' });
  };
  renderWithApp(<ErasureRequests />, handler, '/admin/erasure-requests');
  await screen.findByText('2 requests');
  const row = await screen.findByRole('row', { name: /Aino Korhonen/ });
  expect(within(row).getByText('Pending')).toBeTruthy();
  const done = screen.getByRole('row', { name: /Erased delegate/ });
  expect(within(done).getByText(/^Carried out /)).toBeTruthy();
  expect(within(done).queryByRole('button')).toBeNull();

  fireEvent.click(within(row).getByRole('button', { name: 'Carry out: Aino Korhonen' }));
  const yes = within(row).getByRole<HTMLButtonElement>('button', { name: 'Yes, erase now' });
  expect(yes.disabled).toBe(true);
  fireEvent.click(within(row).getByLabelText('I understand that this cannot be undone'));
  expect(yes.disabled).toBe(false);
  fireEvent.click(yes);
  await screen.findByText('Aino Korhonen: erased.');
  expect(erased).toEqual([7]);
  await screen.findAllByRole('row', { name: /Erased delegate/ });
  expect(screen.queryByText('Pending')).toBeNull();
});
