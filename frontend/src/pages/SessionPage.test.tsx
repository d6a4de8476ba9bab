// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, expect, test } from 'vitest';
import type { Speaker } from '../api/types';
import { city, harbinEvent, session } from '../test/fixtures';
import { jsonResponse, renderWithApp } from '../test/render';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SessionPage } from './SessionPage';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const event = harbinEvent({ themes: [{ code: 'ice', name: { en: 'Ice economy', zh: '冰雪经济' } }] });
const page = (items: unknown[]) => ({ items, page: 1, per_page: 100, total: items.length });

const grace: Speaker = {
  delegate_id: 4,
  given_name: 'Grace',
  family_name: 'Okafor',
  role: 'moderator',
  position: 1,
  city_id: 6,
  public_profile: true,
};

/** A full site visit with a waitlist of 2; the delegate joins it as number 3 (or clashes). */
function server({ clash, speakers = [grace] }: { clash: boolean; speakers?: Speaker[] }) {
  let registered = false;
  const visit = () =>
    session({
      id: 8,
      title: { en: 'Site visit: Ice-Snow World', zh: '参观：冰雪大世界' },
      kind: 'site_visit',
      theme: 'ice',
      starts_at: '2026-01-06T10:00:00Z',
      ends_at: '2026-01-06T12:30:00Z',
      venue_id: 2,
      capacity: 6,
      confirmed: 6,
      waitlisted: registered ? 3 : 2,
      places_left: 0,
      languages: ['zh', 'en'],
      interpretation: ['en'],
      speakers,
    });
  const registration = {
    id: 1,
    session_id: 8,
    delegate_id: 1,
    status: 'waitlisted',
    waitlist_position: 3,
    by_organizer: false,
    created_at: '2026-01-02T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    version: 1,
  };
  const respond = (request: Request): Response => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/events/harbin-2026') return jsonResponse(200, event);
    if (path === '/api/v1/auth/me') {
      return jsonResponse(200, { id: 3, email: 'd@x', display_name: 'D', role: 'delegate', delegate_id: 1 });
    }
    if (path === '/api/v1/events/harbin-2026/rooms') return jsonResponse(200, page([]));
    if (path === '/api/v1/cities') return jsonResponse(200, page([city({ id: 6 })]));
    if (path === '/api/v1/events/harbin-2026/venues') {
      return jsonResponse(200, page([{ id: 2, name: { en: 'Ice-Snow World' }, setting: 'outdoor' }]));
    }
    if (path === '/api/v1/events/harbin-2026/sessions/8') return jsonResponse(200, visit());
    if (path === '/api/v1/events/harbin-2026/delegates/1/agenda') {
      return jsonResponse(200, { delegate_id: 1, items: registered ? [{ session: visit(), registration }] : [] });
    }
    if (path === '/api/v1/events/harbin-2026/sessions/8/registrations' && request.method === 'POST') {
      if (clash) {
        return jsonResponse(409, {
          type: '/problems/conflict',
          title: 'Conflict',
          status: 409,
          detail: 'the delegate already has session 3, which overlaps this one',
          conflicting_session_id: 3,
          conflicting_session_title: { en: 'Scenario sharing' },
        });
      }
      registered = true;
      return jsonResponse(201, registration);
    }
    return jsonResponse(404, { type: '/problems/x', title: 'X', status: 404, detail: path });
  };
  return (request: Request) => Promise.resolve(respond(request));
}

const renderSession = (clash: boolean, speakers?: Speaker[]) =>
  renderWithApp(
    <>
      <LanguageSwitch />
      <Routes>
        <Route path="/programme/:id" element={<SessionPage />} />
      </Routes>
    </>,
    server({ clash, speakers }),
    '/programme/8',
  );

test('shows the session on the event clock, and a full one waitlists with a position', async () => {
  renderSession(false);
  await screen.findByRole('heading', { level: 1, name: 'Site visit: Ice-Snow World' });
  expect(screen.getByText('Tue 6 January, 18:00–20:30 GMT+8')).toBeTruthy();
  expect(screen.getByText('Ice economy')).toBeTruthy();
  expect(screen.getByText('Full')).toBeTruthy();
  expect(screen.getByText(/2 on the waitlist/)).toBeTruthy();
  expect(screen.getByText('Moderator')).toBeTruthy();

  fireEvent.click(await screen.findByRole('button', { name: 'Register' }));
  await screen.findByText('The session is full: you are on the waitlist, number 3.');
  expect(await screen.findByRole('button', { name: 'Unregister' })).toBeTruthy();
  expect(screen.getByText(/3 on the waitlist/)).toBeTruthy();
});

test('an overlap is refused in plain words, naming the other session', async () => {
  renderSession(true);
  fireEvent.click(await screen.findByRole('button', { name: 'Register' }));
  await screen.findByText(/this session overlaps one already on your agenda/);
  expect(screen.getByRole('link', { name: 'Scenario sharing' }).getAttribute('href')).toBe('/programme/3');
});

test('a speaker without a public profile is shown as a delegate of their city, role kept', async () => {
  const hidden: Speaker = { ...grace, delegate_id: null, given_name: null, family_name: null, public_profile: false };
  const aino: Speaker = { ...grace, delegate_id: 7, given_name: 'Aino', family_name: 'Korhonen', role: 'speaker', position: 2, city_id: 2 };
  renderSession(false, [aino, hidden]);
  await screen.findByRole('heading', { level: 1, name: 'Site visit: Ice-Snow World' });
  await screen.findByText('A delegate of Lagos');
  const items = screen.getByRole('region', { name: 'Speakers' }).querySelectorAll('li');
  expect([...items].map((li) => li.textContent)).toEqual(['A delegate of LagosModerator', 'Aino KorhonenSpeaker']);
  expect(screen.queryByText(/null|Okafor/)).toBeNull();

  fireEvent.click(screen.getByRole('button', { name: '中文' }));
  await screen.findByText('来自拉各斯的代表');
  expect(screen.getByText('主持人')).toBeTruthy();
});

test('a caller the API shows a non-public speaker to (an organizer) sees the name, marked as shown to others by city only', async () => {
  renderSession(false, [{ ...grace, public_profile: false }]);
  await screen.findByText('Grace Okafor');
  expect(screen.getByText('Not public: shown to others by city only')).toBeTruthy();
});
