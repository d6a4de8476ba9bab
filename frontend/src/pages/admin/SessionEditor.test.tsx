// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, expect, test } from 'vitest';
import type { Session, SessionInput } from '../../api/types';
import { city, delegate, harbinEvent, session } from '../../test/fixtures';
import { jsonResponse, renderWithApp } from '../../test/render';
import { SessionEditor } from './SessionEditor';

afterEach(cleanup);

const event = harbinEvent();
const page = (items: unknown[]) => ({ items, page: 1, per_page: 100, total: items.length });

const panel: Session = session({
  id: 3,
  title: { en: 'Winter cities panel' },
  speakers: [
    { delegate_id: 7, given_name: 'Aino', family_name: 'Korhonen', role: 'speaker', position: 2, city_id: 2, public_profile: true },
    { delegate_id: 4, given_name: 'Grace', family_name: 'Okafor', role: 'moderator', position: 1, city_id: 6, public_profile: false },
  ],
});

/** The editor's server: a PATCH is answered by `answer` with the body it got. */
function server(answer: (body: SessionInput) => Response) {
  const sent: SessionInput[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(200, { id: 2, email: 'o@x', display_name: 'O', role: 'organizer' });
    if (path === '/api/v1/events/harbin-2026') return jsonResponse(200, event);
    if (path === '/api/v1/events/harbin-2026/rooms' || path === '/api/v1/events/harbin-2026/venues') return jsonResponse(200, page([]));
    if (path === '/api/v1/events/harbin-2026/program/conflicts') return jsonResponse(200, []);
    if (path === '/api/v1/cities') return jsonResponse(200, page([city({ id: 6 }), city({ id: 1, name: { en: 'Harbin', zh: '哈尔滨' } })]));
    if (path === '/api/v1/events/harbin-2026/sessions') return jsonResponse(200, page([panel]));
    if (path === '/api/v1/events/harbin-2026/delegates') {
      const q = url.searchParams.get('q') ?? '';
      const all = [
        delegate({ id: 9, given_name: 'Li', family_name: 'Wei', title: 'Vice Mayor' }),
        delegate({ id: 7 }),
        delegate({ id: 11, given_name: 'Zhang', family_name: 'Min', city_id: 1, consent_public_profile: false }),
      ];
      return jsonResponse(200, page(all.filter((d) => `${d.given_name} ${d.family_name ?? ''}`.toLowerCase().includes(q.toLowerCase()))));
    }
    if (path === '/api/v1/events/harbin-2026/sessions/3' && request.method === 'GET') return jsonResponse(200, panel);
    if (path === '/api/v1/events/harbin-2026/sessions/3' && request.method === 'PATCH') {
      const body = (await request.json()) as SessionInput;
      sent.push(body);
      return answer(body);
    }
    return jsonResponse(404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: path, instance: path, request_id: 'r' });
  };
  return { handler, sent };
}

const app = (
  <Routes>
    <Route path="/admin/programme/:id" element={<SessionEditor />} />
  </Routes>
);

const names = () => within(screen.getByRole('group', { name: 'Speakers' })).getAllByRole('listitem').map((li) => li.querySelector('.speaker-name')?.textContent);

test('speakers are listed in programme order, found by name, reordered and saved with their positions', async () => {
  const { handler, sent } = server(() => jsonResponse(200, { ...panel, version: 2, warnings: [] }));
  renderWithApp(app, handler, '/admin/programme/3');
  await screen.findByRole('heading', { level: 1, name: 'Edit: Winter cities panel' });
  expect(names()).toEqual(['Grace Okafor', 'Aino Korhonen']);

  // Aino is on the list already: searching "Li" leaves Li Wei alone, chosen at once.
  fireEvent.change(screen.getByLabelText('Find a delegate'), { target: { value: 'Li' } });
  await waitFor(() => {
    expect(screen.getByLabelText<HTMLSelectElement>('Delegate').value).toBe('9');
  });
  fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'panelist' } });
  fireEvent.click(screen.getByRole('button', { name: 'Add to the speakers' }));
  expect(names()).toEqual(['Grace Okafor', 'Aino Korhonen', 'Li Wei']);

  const up = screen.getByRole('button', { name: 'Move Li Wei up' });
  fireEvent.click(up);
  expect(names()).toEqual(['Grace Okafor', 'Li Wei', 'Aino Korhonen']);
  // The focus follows the row that moved.
  await waitFor(() => {
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Li Wei up' }));
  });
  expect(screen.getByRole('button', { name: 'Move Grace Okafor up' })).toHaveProperty('disabled', true);
  fireEvent.change(screen.getByLabelText('Role of Aino Korhonen'), { target: { value: 'panelist' } });
  fireEvent.click(screen.getByRole('button', { name: 'Remove Grace Okafor' }));

  fireEvent.click(screen.getByRole('button', { name: 'Save the changes' }));
  await screen.findByText('Saved.');
  expect(sent[0]?.speakers).toEqual([
    { delegate_id: 9, role: 'panelist', position: 1 },
    { delegate_id: 7, role: 'panelist', position: 2 },
  ]);
});

test('a 422 shows at the speaker list and at the row it names', async () => {
  const { handler } = server(() =>
    jsonResponse(422, {
      type: '/problems/validation',
      title: 'Invalid input',
      status: 422,
      detail: 'Some fields are invalid.',
      instance: '/api/v1/events/harbin-2026/sessions/3',
      request_id: 'r2',
      errors: [
        { field: 'speakers', message: 'must be distinct delegates of this event' },
        { field: 'speakers[1].role', message: 'unknown variant' },
      ],
    }),
  );
  renderWithApp(app, handler, '/admin/programme/3');
  await screen.findByRole('heading', { level: 1, name: 'Edit: Winter cities panel' });
  fireEvent.click(screen.getByRole('button', { name: 'Save the changes' }));

  const list = await screen.findByText('must be distinct delegates of this event');
  const group = screen.getByRole('group', { name: 'Speakers' });
  expect(group.getAttribute('aria-describedby')).toContain(list.id);
  const role = screen.getByLabelText('Role of Aino Korhonen');
  expect(role.getAttribute('aria-invalid')).toBe('true');
  expect(document.getElementById(role.getAttribute('aria-describedby') ?? '')?.textContent).toBe('unknown variant');
  expect(screen.getByLabelText('Role of Grace Okafor').getAttribute('aria-invalid')).toBeNull();
  // Nothing is left over for the form's general list of errors.
  expect(screen.getByRole('alert', { name: '' }).querySelector('ul')).toBeNull();
});

test('a speaker without a public profile is flagged at their row, tied to it by aria-describedby', async () => {
  const { handler } = server(() => jsonResponse(200, { ...panel, version: 2, warnings: [] }));
  renderWithApp(app, handler, '/admin/programme/3');
  await screen.findByRole('heading', { level: 1, name: 'Edit: Winter cities panel' });
  const warning = 'Not public: the public programme shows this speaker only as a delegate of Lagos.';
  const note = await screen.findByText(warning);
  expect(note.closest('li')?.querySelector('.speaker-name')?.textContent).toBe('Grace Okafor');
  expect(screen.getByLabelText('Role of Grace Okafor').getAttribute('aria-describedby')).toBe(note.id);
  // Aino consented: no warning, nothing described.
  expect(screen.getAllByText(/^Not public/)).toHaveLength(1);
  expect(screen.getByLabelText('Role of Aino Korhonen').getAttribute('aria-describedby')).toBeNull();

  // A delegate added from the search who did not consent is flagged at once, by their city.
  fireEvent.change(screen.getByLabelText('Find a delegate'), { target: { value: 'Zhang' } });
  await waitFor(() => {
    expect(screen.getByLabelText<HTMLSelectElement>('Delegate').value).toBe('11');
  });
  fireEvent.click(screen.getByRole('button', { name: 'Add to the speakers' }));
  const added = screen.getByText('Not public: the public programme shows this speaker only as a delegate of Harbin.');
  expect(screen.getByLabelText('Role of Zhang Min').getAttribute('aria-describedby')).toBe(added.id);
});
