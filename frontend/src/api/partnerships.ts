import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { useApi } from './context';
import { unwrap } from './problem';
import { MAX_PAGE, queryKeys, readAll } from './queries';
import type { CreatePartnership, Endorsement, NetworkQuery, PartnershipAction, PartnershipListQuery } from './types';

/** The partnership network (cities and partnerships) for the map, filtered. */
export function useNetwork(query: NetworkQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.network(query),
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/partnerships/network', { params: { query } })),
  });
}

/** A city and its partner cities. */
export function useCityPartners(cityId: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.cityPartners(cityId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cities/{id}/partners', { params: { path: { id: cityId } } })),
  });
}

export function useAgreements(partnershipId: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.agreements(partnershipId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/partnerships/{id}/agreements', { params: { path: { id: partnershipId } } })),
  });
}

export function useMilestones(partnershipId: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.milestones(partnershipId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/partnerships/{id}/milestones', { params: { path: { id: partnershipId } } })),
  });
}

/** The shortest chain of active partnerships; disabled until both cities are chosen. */
export function usePath(from: number | null, to: number | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.path(from ?? 0, to ?? 0),
    enabled: from !== null && to !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/partnerships/path', { params: { query: { from: from ?? 0, to: to ?? 0 } } }),
      ),
  });
}

/** One page of the partnership list (organizers see every status). */
export function usePartnershipList(query: PartnershipListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.partnershipList(query),
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/partnerships', { params: { query } })),
  });
}

export function usePartnership(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.partnership(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/partnerships/{id}', { params: { path: { id } } })),
  });
}

export function usePartnershipHistory(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.partnershipHistory(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/partnerships/{id}/history', { params: { path: { id } } })),
  });
}

/**
 * Creating a partnership and moving one through its lifecycle. Both refresh every
 * partnership query afterwards: the map, the lists, the city pages and paths all change.
 */
export function usePartnershipActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.partnerships });

  const create = useMutation({
    mutationFn: async (body: CreatePartnership) => unwrap(await api.POST('/api/v1/partnerships', { body })),
    onSuccess: refresh,
  });

  const transition = useMutation({
    mutationFn: async ({ id, action }: { id: number; action: PartnershipAction }) =>
      unwrap(
        await api.POST('/api/v1/partnerships/{id}/lifecycle/{action}', { params: { path: { id, action } } }),
      ),
    onSettled: refresh,
  });

  return { create, transition };
}

/** The event's initiatives (the public sees those open or closed). */
export function useInitiatives(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.initiativeList(slug),
    queryFn: async () =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/initiatives', {
            params: { path: { event: slug }, query: { page, per_page: MAX_PAGE, sort: 'id' } },
          }),
        ),
      ),
  });
}

export function useInitiative(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.initiative(slug, id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/events/{event}/initiatives/{id}', { params: { path: { event: slug, id } } })),
  });
}

export function useInitiativeVersions(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.initiativeVersions(slug, id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/initiatives/{id}/versions', { params: { path: { event: slug, id } } }),
      ),
  });
}

/** Every standing endorsement of an initiative, oldest first. */
export function useEndorsements(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.endorsements(slug, id),
    queryFn: async (): Promise<Endorsement[]> =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/initiatives/{id}/endorsements', {
            params: { path: { event: slug, id }, query: { page, per_page: MAX_PAGE, sort: 'endorsed_on,id' } },
          }),
        ),
      ),
  });
}

/** A delegate endorses an initiative for their city; the initiative's queries refresh. */
export function useEndorse(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ delegateId, statement }: { delegateId: number; statement: string }) =>
      unwrap(
        await api.POST('/api/v1/events/{event}/initiatives/{id}/endorsements', {
          params: { path: { event: slug, id } },
          body: { delegate_id: delegateId, ...(statement.trim() ? { statement: statement.trim() } : {}) },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.initiatives(slug) }),
  });
}
