import type { City, Delegate, Event, Session } from '../api/types';

/** A delegate with every field, as organizers and the delegate themself see it. */
export function delegate(overrides: Partial<Delegate> = {}): Delegate {
  return {
    id: 7,
    delegation_id: 2,
    city_id: 2,
    given_name: 'Aino',
    family_name: 'Korhonen',
    honorific: 'Dr.',
    title: 'Deputy Mayor for Tourism',
    role: 'deputy_mayor',
    languages: ['fi', 'en'],
    bio: { en: "Leads Rovaniemi's winter tourism strategy." },
    photo_url: null,
    accessibility_needs: null,
    accreditation_status: 'accredited',
    arrival_at: '2026-01-05T01:30:00Z',
    departure_at: null,
    badge_code: 'GMD-7K2Q-M9XD-4TNB-P0ZR',
    checked_in_at: null,
    consent_public_profile: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    dietary_needs: 'vegetarian',
    email: 'aino.korhonen@example.org',
    hotel: 'Shangri-La Harbin',
    interpretation_needs: ['zh'],
    phone: '+358 40 000 0000',
    version: 3,
    ...overrides,
  };
}

/** A published session with defaults, for tests. */
export function session(overrides: Partial<Session> & { id: number }): Session {
  return {
    title: { en: `Session ${String(overrides.id)}` },
    kind: 'thematic_session',
    starts_at: '2026-01-06T02:00:00Z',
    ends_at: '2026-01-06T03:00:00Z',
    languages: ['en'],
    interpretation: [],
    status: 'published',
    speakers: [],
    confirmed: 0,
    waitlisted: 0,
    sequence: 0,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
}

/** The Harbin 2026 event as the API describes it, for tests. */
export function harbinEvent(overrides: Partial<Event> = {}): Event {
  return {
    id: 1,
    slug: 'harbin-2026',
    name: { en: 'Global Mayors Dialogue · Harbin' },
    starts_on: '2026-01-06',
    ends_on: '2026-01-08',
    host_city_id: 1,
    time_zone: 'Asia/Shanghai',
    organisers: [],
    themes: [],
    status: 'published',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
}

/** A city of the registry, for tests (Lagos unless overridden). */
export function city(overrides: Partial<City> & { id: number }): City {
  return {
    name: { en: 'Lagos', zh: '拉各斯' },
    country: 'NG',
    latitude: 6.45,
    longitude: 3.4,
    time_zone: 'Africa/Lagos',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
}
