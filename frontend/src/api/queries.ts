import { useQuery } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import type { Api } from './client';
import { useApi } from './context';
import { unwrap } from './problem';
import type {
  AccreditationStatus,
  AuditListQuery,
  City,
  DelegateListQuery,
  DelegateProfile,
  ExhibitorListQuery,
  MailListQuery,
  MeetingListQuery,
  NetworkQuery,
  PartnershipListQuery,
  Room,
  Session,
  SessionListQuery,
  UserListQuery,
  Venue,
} from './types';

/** Every query key in one place, so that invalidation cannot miss one. */
export const queryKeys = {
  me: ['me'] as const,
  event: (slug: string) => ['event', slug] as const,
  cities: ['cities'] as const,
  directory: (slug: string, q: string) => ['directory', slug, q] as const,
  totals: (slug: string) => ['totals', slug] as const,
  delegates: (slug: string) => ['delegates', slug] as const,
  delegateList: (slug: string, query: DelegateListQuery) => ['delegates', slug, 'list', query] as const,
  statusCounts: (slug: string) => ['delegates', slug, 'counts'] as const,
  delegate: (slug: string, id: number) => ['delegates', slug, 'one', id] as const,
  /** Everything about sessions and registrations: invalidate this after a (un)registration. */
  program: (slug: string) => ['program', slug] as const,
  sessions: (slug: string, filters: SessionFilters) => ['program', slug, 'sessions', filters] as const,
  session: (slug: string, id: number) => ['program', slug, 'session', id] as const,
  agenda: (slug: string, delegateId: number) => ['program', slug, 'agenda', delegateId] as const,
  places: (slug: string) => ['places', slug] as const,
  /** Everything about partnerships (map, lists, city pages, paths): invalidate after a write. */
  partnerships: ['partnerships'] as const,
  network: (query: NetworkQuery) => ['partnerships', 'network', query] as const,
  partnershipList: (query: PartnershipListQuery) => ['partnerships', 'list', query] as const,
  partnership: (id: number) => ['partnerships', 'one', id] as const,
  partnershipHistory: (id: number) => ['partnerships', 'history', id] as const,
  agreements: (id: number) => ['partnerships', 'agreements', id] as const,
  milestones: (id: number) => ['partnerships', 'milestones', id] as const,
  cityPartners: (cityId: number) => ['partnerships', 'city', cityId] as const,
  path: (from: number, to: number) => ['partnerships', 'path', from, to] as const,
  /** Everything about an event's initiatives: invalidate after an endorsement. */
  initiatives: (slug: string) => ['initiatives', slug] as const,
  initiativeList: (slug: string) => ['initiatives', slug, 'list'] as const,
  initiative: (slug: string, id: number) => ['initiatives', slug, 'one', id] as const,
  initiativeVersions: (slug: string, id: number) => ['initiatives', slug, 'versions', id] as const,
  endorsements: (slug: string, id: number) => ['initiatives', slug, 'endorsements', id] as const,
  /** Everything about the expo (exhibitors, halls, booths, plans, meetings): invalidate after a write. */
  expo: (slug: string) => ['expo', slug] as const,
  exhibitors: (slug: string, query: ExhibitorListQuery) => ['expo', slug, 'exhibitors', query] as const,
  exhibitor: (slug: string, id: number) => ['expo', slug, 'exhibitor', id] as const,
  halls: (slug: string) => ['expo', slug, 'halls'] as const,
  floorPlan: (slug: string, hallId: number) => ['expo', slug, 'floor-plan', hallId] as const,
  meetings: (slug: string, query: MeetingListQuery) => ['expo', slug, 'meetings', query] as const,
  recommendedExhibitors: (slug: string, delegateId: number) => ['expo', slug, 'recommended-exhibitors', delegateId] as const,
  recommendedDelegates: (slug: string, exhibitorId: number) => ['expo', slug, 'recommended-delegates', exhibitorId] as const,
  conflicts: (slug: string) => ['program', slug, 'conflicts'] as const,
  /** API tokens (admins): invalidate after a creation or a revocation. */
  apiTokens: ['api-tokens'] as const,
  apiTokenList: (page: number) => ['api-tokens', 'list', page] as const,
  /** Webhook subscriptions and their deliveries (admins): invalidate after a write. */
  webhooks: ['webhooks'] as const,
  webhookLists: ['webhooks', 'list'] as const,
  webhookList: (page: number) => ['webhooks', 'list', page] as const,
  webhook: (id: number) => ['webhooks', 'one', id] as const,
  webhookDeliveries: (id: number, page: number) => ['webhooks', 'deliveries', id, page] as const,
  webhookEventTypes: ['webhook-event-types'] as const,
  /** The audit log, filtered (admins); every write elsewhere may add to it. */
  auditLog: ['audit'] as const,
  audit: (query: AuditListQuery) => ['audit', query] as const,
  /** Accounts (admins): invalidate after a creation, a change or an invitation. */
  users: ['users'] as const,
  userList: (query: UserListQuery) => ['users', 'list', query] as const,
  /** The mail log (admins): every invitation or reset adds to it. */
  mails: ['mails'] as const,
  mailList: (query: MailListQuery) => ['mails', 'list', query] as const,
  /** Who a mailed invitation is for, by its link's secret (kept in memory only). */
  invitation: (token: string | null) => ['invitation', token] as const,
  /** The signed-in person's notification settings. */
  notifications: ['notifications'] as const,
  /** The platform's security settings (admins). */
  securitySettings: ['security-settings'] as const,
  /** An event's erasure requests (organizers): invalidate after one is carried out. */
  erasureRequests: (slug: string) => ['erasure-requests', slug] as const,
  erasureRequestList: (slug: string, page: number) => ['erasure-requests', slug, 'list', page] as const,
  /** A delegate's name, for lists that hold only its id (under `delegates`, so it follows changes). */
  delegateName: (slug: string, id: number) => ['delegates', slug, 'name', id] as const,
  /** An event's delegations, complete (the invitation filters name them). */
  delegations: (slug: string) => ['delegations', slug] as const,
};

/** The timetable's filters: empty strings are "any". */
export type SessionFilters = Pick<SessionListQuery, 'kind' | 'theme' | 'language'>;

/** The API's largest page: lists that must be complete are read in pages of this size. */
export const MAX_PAGE = 100;

/** Reads every page of a list. `fetchPage` gets the page number, from 1. */
export async function readAll<T>(fetchPage: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const result = await fetchPage(page);
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) return items;
  }
}

export function useEvent(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.event(slug),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/events/{event}', { params: { path: { event: slug } } })),
  });
}

/** All cities, by id: the directory, the lists and the home page name cities with it. */
export function useCities() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.cities,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const cities = await readAll(async (page) =>
        unwrap(await api.GET('/api/v1/cities', { params: { query: { page, per_page: MAX_PAGE } } })),
      );
      return new Map<number, City>(cities.map((city) => [city.id, city]));
    },
  });
}

/** The public directory, complete, for a search (empty: everybody). */
export function useDirectory(q: string, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.directory(slug, q),
    queryFn: async (): Promise<DelegateProfile[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/directory', {
            params: {
              path: { event: slug },
              query: { page, per_page: MAX_PAGE, sort: 'family_name,given_name', ...(q ? { q } : {}) },
            },
          }),
        ),
      ),
  });
}

/** The home page's counts, from the lists' `total`s. `staff` adds every delegate. */
export function useEventTotals(staff: boolean, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.totals(slug), staff],
    queryFn: async () => {
      const path = { event: slug };
      const [delegations, directory, delegates] = await Promise.all([
        api.GET('/api/v1/events/{event}/delegations', { params: { path, query: { per_page: 1 } } }),
        api.GET('/api/v1/events/{event}/directory', { params: { path, query: { per_page: 1 } } }),
        staff
          ? api.GET('/api/v1/events/{event}/delegates', { params: { path, query: { per_page: 1 } } })
          : Promise.resolve(null),
      ]);
      return {
        delegations: unwrap(delegations).total,
        publicProfiles: unwrap(directory).total,
        delegates: delegates ? unwrap(delegates).total : null,
      };
    },
  });
}

/** How many delegates are in each accreditation state (one `per_page=1` list each). */
export async function fetchStatusCounts(
  api: Api,
  slug: string,
  statuses: readonly AccreditationStatus[],
): Promise<Record<AccreditationStatus, number>> {
  const entries = await Promise.all(
    statuses.map(async (status) => {
      const page = unwrap(
        await api.GET('/api/v1/events/{event}/delegates', {
          params: { path: { event: slug }, query: { accreditation_status: status, per_page: 1 } },
        }),
      );
      return [status, page.total] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<AccreditationStatus, number>;
}

/**
 * How programme reads use the browser's HTTP cache: not at all. A session's ETag follows
 * its own version, not its registration counts, so a revalidation (304) would bring back
 * stale places, waitlists and registrations.
 */
const LIVE: RequestCache = 'no-store';

/** Every session of the programme matching the filters, in time order. */
export function useSessions(filters: SessionFilters, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.sessions(slug, filters),
    queryFn: async (): Promise<Session[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/sessions', {
            params: { path: { event: slug }, query: { page, per_page: MAX_PAGE, sort: 'starts_at,id', ...filters } },
            cache: LIVE,
          }),
        ),
      ),
  });
}

export function useSession(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.session(slug, id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/sessions/{id}', { params: { path: { event: slug, id } }, cache: LIVE }),
      ),
  });
}

/** The event's rooms and venues, by id, to name the places of sessions. */
export function usePlaces(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.places(slug),
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const path = { event: slug };
      const [rooms, venues] = await Promise.all([
        readAll(async (page) =>
          unwrap(await api.GET('/api/v1/events/{event}/rooms', { params: { path, query: { page, per_page: MAX_PAGE } } })),
        ),
        readAll(async (page) =>
          unwrap(await api.GET('/api/v1/events/{event}/venues', { params: { path, query: { page, per_page: MAX_PAGE } } })),
        ),
      ]);
      return {
        rooms: new Map<number, Room>(rooms.map((room) => [room.id, room])),
        venues: new Map<number, Venue>(venues.map((venue) => [venue.id, venue])),
      };
    },
  });
}

/** A delegate's agenda; disabled without a delegate. */
export function useAgenda(delegateId: number | null | undefined, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.agenda(slug, delegateId ?? 0),
    enabled: delegateId != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/delegates/{id}/agenda', {
          params: { path: { event: slug, id: delegateId ?? 0 } },
          cache: LIVE,
        }),
      ),
  });
}
