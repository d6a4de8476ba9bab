// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { harbinEvent } from '../../test/fixtures';
import { jsonResponse, renderWithApp } from '../../test/render';
import { CheckIn } from './CheckIn';

afterEach(cleanup);

const event = harbinEvent();

const problem = (status: number, detail: string) => ({
  type: '/problems/x',
  title: 'X',
  status,
  detail,
  instance: '/api/v1/events/harbin-2026/check-in',
  request_id: 'r1',
});

/** The desk's server: GOOD checks in once, then answers "already"; LATE is not accredited. */
function desk() {
  let checkedInAt: string | null = null;
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/events/harbin-2026') return jsonResponse(200, event);
    if (path === '/api/v1/cities') return jsonResponse(200, { items: [], page: 1, per_page: 100, total: 0 });
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 2, email: 'o@x', display_name: 'O', role: 'organizer' });
    if (path === '/api/v1/events/harbin-2026/check-in') {
      const { badge_code } = (await request.json()) as { badge_code: string };
      if (badge_code === 'LATE') return jsonResponse(409, problem(409, 'Aino Korhonen is registered, not accredited'));
      if (badge_code !== 'GOOD') return jsonResponse(404, problem(404, `no badge ${badge_code}`));
      const already = checkedInAt !== null;
      checkedInAt ??= '2026-01-06T01:02:03Z';
      return jsonResponse(200, {
        delegate_id: 7,
        delegation_id: 2,
        city_id: 2,
        given_name: 'Aino',
        family_name: 'Korhonen',
        accreditation_status: 'checked_in',
        already_checked_in: already,
        checked_in_at: checkedInAt,
      });
    }
    return jsonResponse(404, problem(404, 'no route'));
  };
}

/** What a keyboard-wedge scanner does: type the code into the focused field, press Enter. */
function scan(code: string) {
  const input = screen.getByLabelText('Badge code');
  expect(document.activeElement).toBe(input);
  fireEvent.change(input, { target: { value: code } });
  const form = input.closest('form');
  if (!form) throw new Error('no form');
  fireEvent.submit(form);
}

test('first scan green, second scan amber, unknown and unaccredited red', async () => {
  renderWithApp(<CheckIn />, desk());
  const result = () => screen.getByRole('status', { name: '' });
  await waitFor(() => {
    expect(document.activeElement).toBe(screen.getByLabelText('Badge code'));
  });

  scan('GOOD');
  await screen.findByText('Checked in');
  expect(screen.getByText('Aino Korhonen')).toBeTruthy();
  expect(screen.getByLabelText<HTMLInputElement>('Badge code').value).toBe('');

  scan('GOOD');
  await screen.findByText(/^Already checked in at .*09:02:03/);
  expect(result().className).toContain('tone-warn');

  scan('NOPE');
  await screen.findByText('Unknown badge');
  expect(screen.getByText('no badge NOPE')).toBeTruthy();
  expect(result().className).toContain('tone-error');

  scan('LATE');
  await screen.findByText('Not accredited');
  expect(screen.getByText('Aino Korhonen is registered, not accredited')).toBeTruthy();

  // The earlier scans stay listed below the newest.
  expect(screen.getAllByRole('listitem')).toHaveLength(3);
});
