import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { useApi } from './context';
import { expectOk, unwrap } from './problem';
import { MAX_PAGE, queryKeys, readAll } from './queries';
import type {
  ApplicationAction,
  CreateMeeting,
  Exhibitor,
  ExhibitorListQuery,
  Hall,
  MeetingAction,
  MeetingListQuery,
  UpdateExhibitor,
} from './types';

/** Every exhibitor matching the filters (the public sees approved ones only), complete. */
export function useExhibitors(query: Omit<ExhibitorListQuery, 'page' | 'per_page'>, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.exhibitors(slug, query),
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Exhibitor[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/exhibitors', {
            params: { path: { event: slug }, query: { sort: 'id', ...query, page, per_page: MAX_PAGE } },
          }),
        ),
      ),
  });
}

/** One exhibitor; disabled without an id. */
export function useExhibitor(id: number | null | undefined, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.exhibitor(slug, id ?? 0),
    enabled: id != null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/events/{event}/exhibitors/{id}', { params: { path: { event: slug, id: id ?? 0 } } })),
  });
}

/** The event's halls, in id order, with their opening hours. */
export function useHalls(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.halls(slug),
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<Hall[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/halls', { params: { path: { event: slug }, query: { page, per_page: MAX_PAGE } } }),
        ),
      ),
  });
}

/** A hall's floor plan: geometry, booths with their holders, meeting tables. */
export function useFloorPlan(hallId: number | null | undefined, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.floorPlan(slug, hallId ?? 0),
    enabled: hallId != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/halls/{id}/floor-plan', {
          params: { path: { event: slug, id: hallId ?? 0 } },
        }),
      ),
  });
}

/** The meetings the caller may see (a delegate: theirs; an exhibitor: theirs), soonest first. */
export function useMeetings(query: Omit<MeetingListQuery, 'page' | 'per_page'>, enabled = true, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.meetings(slug, query),
    enabled,
    queryFn: async () =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/meetings', {
            params: { path: { event: slug }, query: { sort: '-updated_at,id', ...query, page, per_page: MAX_PAGE } },
          }),
        ),
      ),
  });
}

export function useRecommendedExhibitors(delegateId: number | null | undefined, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.recommendedExhibitors(slug, delegateId ?? 0),
    enabled: delegateId != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/delegates/{id}/recommended-exhibitors', {
          params: { path: { event: slug, id: delegateId ?? 0 }, query: { limit: 12 } },
        }),
      ),
  });
}

export function useRecommendedDelegates(exhibitorId: number | null | undefined, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.recommendedDelegates(slug, exhibitorId ?? 0),
    enabled: exhibitorId != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/exhibitors/{id}/recommended-delegates', {
          params: { path: { event: slug, id: exhibitorId ?? 0 }, query: { limit: 12 } },
        }),
      ),
  });
}

/**
 * Requesting a meeting and moving one on (accept a slot, decline, cancel). Every expo query
 * and the programme's (the agenda shows accepted meetings) refresh afterwards.
 */
export function useMeetingActions(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.expo(slug) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.program(slug) }),
    ]);
  };

  const request = useMutation({
    mutationFn: async (body: CreateMeeting) =>
      unwrap(await api.POST('/api/v1/events/{event}/meetings', { params: { path: { event: slug } }, body })),
    onSuccess: refresh,
  });

  const act = useMutation({
    mutationFn: async ({ id, action, startsAt }: { id: number; action: MeetingAction; startsAt?: string }) => {
      const path = { event: slug, id };
      if (action === 'accept') {
        return unwrap(
          await api.POST('/api/v1/events/{event}/meetings/{id}/accept', {
            params: { path },
            body: { starts_at: startsAt ?? '' },
          }),
        );
      }
      if (action === 'decline') {
        return unwrap(await api.POST('/api/v1/events/{event}/meetings/{id}/decline', { params: { path } }));
      }
      return unwrap(await api.POST('/api/v1/events/{event}/meetings/{id}/cancel', { params: { path } }));
    },
    onSettled: refresh,
  });

  return { request, act };
}

/** An exhibitor edits its profile (organizers any exhibitor's); 422s come per field. */
export function useUpdateExhibitor(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateExhibitor) =>
      unwrap(
        await api.PATCH('/api/v1/events/{event}/exhibitors/{id}', { params: { path: { event: slug, id } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.expo(slug) }),
  });
}

/** An application lifecycle action; a refusal is a 409 with `allowed_transitions`. */
export function useApplicationAction(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: number; action: ApplicationAction }) =>
      unwrap(
        await api.POST('/api/v1/events/{event}/exhibitors/{id}/application/{action}', {
          params: { path: { event: slug, id, action } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.expo(slug) }),
  });
}

/** Assigning a booth to an approved exhibitor, and freeing it. The plans refresh after. */
export function useBoothAssignment(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.expo(slug) });

  const assign = useMutation({
    mutationFn: async ({ boothId, exhibitorId }: { boothId: number; exhibitorId: number }) =>
      unwrap(
        await api.PUT('/api/v1/events/{event}/booths/{id}/assignment', {
          params: { path: { event: slug, id: boothId } },
          body: { exhibitor_id: exhibitorId },
        }),
      ),
    onSettled: refresh,
  });

  const release = useMutation({
    mutationFn: async (boothId: number) => {
      const result = await api.DELETE('/api/v1/events/{event}/booths/{id}/assignment', {
        params: { path: { event: slug, id: boothId } },
      });
      expectOk(result);
      return result.data;
    },
    onSettled: refresh,
  });

  return { assign, release };
}
