// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, expect, test } from 'vitest';
import type { Delivery, Webhook } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import { WebhookPage, Webhooks } from './Webhooks';

afterEach(cleanup);

const URL_ = 'https://hooks.example.org/gmd';

const hook: Webhook = {
  id: 5,
  url: URL_,
  description: 'Partner CRM',
  event_types: ['delegate.*'],
  event: 'harbin-2026',
  active: true,
  disabled_reason: null,
  created_by: 1,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

const delivery = (overrides: Partial<Delivery> & { id: number }): Delivery => ({
  event_id: 40,
  event_type: 'delegate.created',
  resource: { type: 'delegate', id: 7 },
  status: 'delivered',
  attempts: 1,
  last_status_code: 204,
  last_duration_ms: 12,
  last_error: null,
  redelivery_of: null,
  next_attempt_at: '2026-01-06T01:00:00Z',
  created_at: '2026-01-06T01:00:00Z',
  delivered_at: '2026-01-06T01:00:01Z',
  ...overrides,
});

const page = (items: unknown[]) => ({ items, page: 1, per_page: 25, total: items.length });
const problem = (status: number, detail: string) => ({
  type: '/problems/x',
  title: 'X',
  status,
  detail,
  instance: '/api/v1/webhooks/5',
  request_id: 'r1',
});

/**
 * A subscription with one delivered delivery. A redelivery queues #13 as pending; the
 * next read after that finds it delivered. Deleting makes every read of it a 404.
 */
function server() {
  let deliveries: Delivery[] = [delivery({ id: 12 })];
  let pendingReads = 0;
  let deleted = false;
  const calls: string[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path}`);
    await Promise.resolve();
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 1, email: 'a@x', display_name: 'A', role: 'admin' });
    if (path === '/api/v1/webhooks' && request.method === 'GET') return jsonResponse(200, page(deleted ? [] : [hook]));
    if (deleted && path.startsWith('/api/v1/webhooks/5')) return jsonResponse(404, problem(404, 'no webhook 5'));
    if (path === '/api/v1/webhooks/5' && request.method === 'GET') return jsonResponse(200, hook);
    if (path === '/api/v1/webhooks/5' && request.method === 'DELETE') {
      deleted = true;
      return new Response(null, { status: 204 });
    }
    if (path === '/api/v1/webhooks/5/deliveries') {
      if (deliveries.some((d) => d.status === 'pending')) {
        pendingReads += 1;
        // The worker delivers it between the first and the second read.
        if (pendingReads > 1) deliveries = deliveries.map((d) => (d.status === 'pending' ? { ...d, status: 'delivered', attempts: 1, last_status_code: 204 } : d));
      }
      return jsonResponse(200, page(deliveries));
    }
    if (path === '/api/v1/webhooks/5/deliveries/12/redeliver') {
      const queued = delivery({ id: 13, status: 'pending', attempts: 0, last_status_code: null, last_duration_ms: null, delivered_at: null, redelivery_of: 12 });
      deliveries = [queued, ...deliveries];
      return jsonResponse(202, queued);
    }
    return jsonResponse(404, problem(404, `no route ${path}`));
  };
  return { handler, calls };
}

const app = (
  <Routes>
    <Route path="/admin/webhooks" element={<Webhooks />} />
    <Route path="/admin/webhooks/:id" element={<WebhookPage />} />
  </Routes>
);

test('a redelivery is queued, shown as repeating the first, and read again until delivered', async () => {
  const { handler } = server();
  renderWithApp(app, handler, '/admin/webhooks/5');
  const log = await screen.findByRole('table');
  const first = within(log).getByRole('row', { name: /#12/ });
  expect(within(first).getByText('Delivered')).toBeTruthy();
  expect(within(first).getByText('204')).toBeTruthy();

  fireEvent.click(within(first).getByRole('button', { name: 'Redeliver: delegate.created #12' }));
  await screen.findByText('delegate.created #12: queued again as #13.');
  const again = await screen.findByRole('row', { name: /repeats #12/ });
  expect(within(again).getByText('Pending')).toBeTruthy();
  // No reload: the pending delivery makes the log read itself again.
  await waitFor(
    () => {
      expect(within(screen.getByRole('row', { name: /repeats #12/ })).getByText('Delivered')).toBeTruthy();
    },
    { timeout: 5_000 },
  );
}, 10_000);

test('deleting from its page asks first, then the list says so, without reading the deleted one again', async () => {
  const { handler, calls } = server();
  renderWithApp(app, handler, '/admin/webhooks/5');
  await screen.findByRole('heading', { level: 1, name: URL_ });
  fireEvent.click(screen.getByRole('button', { name: `Delete: ${URL_}` }));
  expect(screen.getByText('Delete this subscription and its delivery log?')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
  await screen.findByText(`${URL_} is deleted.`);
  expect(await screen.findByText('No subscription yet.')).toBeTruthy();
  const afterDelete = calls.slice(calls.indexOf('DELETE /api/v1/webhooks/5') + 1);
  expect(afterDelete.filter((call) => call.startsWith('GET /api/v1/webhooks/5'))).toEqual([]);
});
