import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { fullName } from '../lib/names';
import type { Api } from './client';
import { useApi } from './context';
import { expectOk, unwrap } from './problem';
import { queryKeys } from './queries';
import type { NotificationSettings, SecuritySettings } from './types';

/** Settings and requests change with every save: never from the HTTP cache. */
const LIVE: RequestCache = 'no-store';

/** The signed-in person's notification settings. */
export function useNotifications() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.notifications,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me/notifications', { cache: LIVE })),
  });
}

/** Saving them; the answer is what is stored now. */
export function useSaveNotifications() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NotificationSettings) => unwrap(await api.PUT('/api/v1/auth/me/notifications', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.notifications, saved);
    },
  });
}

/** Everything held about the signed-in person, as the file the API makes (`my-data.json`). */
export async function fetchMyData(api: Api): Promise<Blob> {
  return unwrap(await api.GET('/api/v1/auth/me/export', { parseAs: 'blob', cache: LIVE }));
}

/** A delegate asking to be erased (a pending request is answered again, not doubled). */
export function useAskErasure() {
  const api = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/me/erasure-request')),
  });
}

/** Enrolment in two-factor sign-in, and leaving it (admins and organizers, for themselves). */
export function useTwoFactor() {
  const api = useApi();
  const queryClient = useQueryClient();

  const setUp = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/two-factor/setup')),
  });

  // Once it is on, what was refused for want of it (403) may be asked again.
  const enable = useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST('/api/v1/auth/two-factor/enable', { body: { code } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });

  const disable = useMutation({
    mutationFn: async (code: string) => {
      expectOk(await api.DELETE('/api/v1/auth/two-factor', { body: { code } }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });

  return { setUp, enable, disable };
}

/** The platform's security settings (admins). */
export function useSecuritySettings() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.securitySettings,
    queryFn: async () => unwrap(await api.GET('/api/v1/settings/security', { cache: LIVE })),
  });
}

export function useSaveSecuritySettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SecuritySettings) => unwrap(await api.PUT('/api/v1/settings/security', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.securitySettings, saved);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.auditLog });
    },
  });
}

/** The erasure list's page size. */
export const ERASURES_PER_PAGE = 25;

/** One page of an event's erasure requests, pending first (organizers). */
export function useErasureRequests(page: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.erasureRequestList(slug, page),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/events/{event}/erasure-requests', {
          params: { path: { event: slug }, query: { page, per_page: ERASURES_PER_PAGE } },
          cache: LIVE,
        }),
      ),
  });
}

/** Carrying out an erasure (organizers): it cannot be undone. */
export function useEraseDelegate(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST('/api/v1/events/{event}/delegates/{id}/erasure', { params: { path: { event: slug, id } } })),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.erasureRequests(slug) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.delegates(slug) }),
        queryClient.invalidateQueries({ queryKey: ['directory'] }),
        queryClient.invalidateQueries({ queryKey: queryKeys.users }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
      ]);
    },
  });
}

/** A delegate's printed name, for a list that holds only the id (organizers read any record). */
export function useDelegateName(id: number, slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.delegateName(slug, id),
    staleTime: 5 * 60_000,
    queryFn: async () =>
      fullName(
        unwrap(await api.GET('/api/v1/events/{event}/delegates/{id}', { params: { path: { event: slug, id } }, cache: LIVE })),
      ),
  });
}
