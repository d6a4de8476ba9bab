import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { useApi } from './context';
import { unwrap } from './problem';
import { MAX_PAGE, queryKeys, readAll } from './queries';
import type { Session, SessionInput, SessionListQuery, UpdateSession } from './types';

/** The back office's session list: every status, time order (programme reads skip the HTTP cache). */
export function useEditorSessions(filters: Pick<SessionListQuery, 'status' | 'room_id' | 'q'>, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.program(slug), 'editor', filters] as const,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Session[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/sessions', {
            params: { path: { event: slug }, query: { sort: 'starts_at,id', ...filters, page, per_page: MAX_PAGE } },
            cache: 'no-store',
          }),
        ),
      ),
  });
}

/** How many letters of a name a delegate search needs before it asks the API. */
export const SEARCH_MIN = 2;

/** Delegates of the event whose names match `q` (organizers), to choose speakers from. */
export function useDelegateSearch(q: string, slug: string = EVENT_SLUG) {
  const api = useApi();
  const needle = q.trim();
  return useQuery({
    queryKey: [...queryKeys.delegates(slug), 'search', needle] as const,
    enabled: needle.length >= SEARCH_MIN,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/delegates', {
          params: { path: { event: slug }, query: { q: needle, per_page: 20, sort: 'family_name,given_name' } },
        }),
      ).items,
  });
}

/** The programme's clashes as the API sees them now (rooms, speakers, capacities, delegates). */
export function useConflicts(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.conflicts(slug),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/program/conflicts', {
          params: { path: { event: slug } },
          cache: 'no-store',
        }),
      ),
  });
}

/**
 * Creating and changing sessions. Both answer the session with the `warnings` the save ran
 * into; every programme query (timetable, agenda, conflicts) refreshes afterwards. A change
 * carries the version it was made on (`If-Match`), so a concurrent edit answers 412.
 */
export function useSessionEditor(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.program(slug) });

  const create = useMutation({
    mutationFn: async (body: SessionInput) =>
      unwrap(await api.POST('/api/v1/events/{event}/sessions', { params: { path: { event: slug } }, body })),
    onSuccess: refresh,
  });

  const update = useMutation({
    mutationFn: async ({ id, version, body }: { id: number; version: number; body: UpdateSession }) =>
      unwrap(
        await api.PATCH('/api/v1/events/{event}/sessions/{id}', {
          params: { path: { event: slug, id }, header: { 'If-Match': `"${String(id)}.${String(version)}"` } },
          body,
        }),
      ),
    onSuccess: refresh,
  });

  return { create, update };
}
