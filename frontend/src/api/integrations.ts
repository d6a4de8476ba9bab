import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { expectOk, unwrap } from './problem';
import { queryKeys } from './queries';
import type { AuditListQuery, CreateApiToken, CreateWebhook, UpdateWebhook } from './types';

/** The back office's page size for tokens, subscriptions, deliveries and the audit log. */
export const PER_PAGE = 25;

/**
 * Admin reads change with every write (a token's last use, a delivery's attempts): they
 * bypass the browser's HTTP cache so that a revalidation cannot bring back an old page.
 */
const LIVE: RequestCache = 'no-store';

/** One page of API tokens, newest first. */
export function useApiTokens(page: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.apiTokenList(page),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/api-tokens', {
          params: { query: { page, per_page: PER_PAGE, sort: '-created_at,-id' } },
          cache: LIVE,
        }),
      ),
  });
}

/** Creating a token (the answer carries its secret, once) and revoking one. */
export function useApiTokenActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
  };

  const create = useMutation({
    mutationFn: async (body: CreateApiToken) => unwrap(await api.POST('/api/v1/api-tokens', { body })),
    onSuccess: refresh,
  });

  const revoke = useMutation({
    mutationFn: async (id: number) => {
      expectOk(await api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } }));
    },
    onSettled: refresh,
  });

  return { create, revoke };
}

/** One page of webhook subscriptions. */
export function useWebhooks(page: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.webhookList(page),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/webhooks', { params: { query: { page, per_page: PER_PAGE } }, cache: LIVE })),
  });
}

export function useWebhook(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.webhook(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/webhooks/{id}', { params: { path: { id } }, cache: LIVE })),
  });
}

/** The catalogue of event types a subscription may name (besides `<resource>.*` and `*`). */
export function useWebhookEventTypes() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.webhookEventTypes,
    staleTime: 10 * 60_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/webhooks/event-types')).event_types,
  });
}

/** How often a delivery log with pending deliveries is read again. */
export const PENDING_POLL_MS = 2_000;

/**
 * One page of a subscription's deliveries, newest first. While one of them is pending the
 * page is read again every few seconds, so an attempt's outcome shows without a reload.
 */
export function useWebhookDeliveries(id: number, page: number) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.webhookDeliveries(id, page),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((delivery) => delivery.status === 'pending') ? PENDING_POLL_MS : false,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { page, per_page: PER_PAGE } },
          cache: LIVE,
        }),
      ),
  });
}

/** Creating (the answer carries the signing secret, once), switching, deleting, redelivering. */
export function useWebhookActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.webhooks }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
  };

  const create = useMutation({
    mutationFn: async (body: CreateWebhook) => unwrap(await api.POST('/api/v1/webhooks', { body })),
    onSuccess: refresh,
  });

  const update = useMutation({
    mutationFn: async ({ id, body }: { id: number; body: UpdateWebhook }) =>
      unwrap(await api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body })),
    onSettled: refresh,
  });

  // Only the lists are read again: the deleted subscription's own reads would be 404s
  // while its page is still open (they are dropped from the cache when unused).
  const remove = useMutation({
    mutationFn: async (id: number) => {
      expectOk(await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }));
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.webhookLists }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
      ]);
    },
  });

  const redeliver = useMutation({
    mutationFn: async ({ id, deliveryId }: { id: number; deliveryId: number }) =>
      unwrap(
        await api.POST('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', {
          params: { path: { id, delivery_id: deliveryId } },
        }),
      ),
    onSettled: refresh,
  });

  return { create, update, remove, redeliver };
}

/** One page of the audit log, filtered. */
export function useAuditLog(query: AuditListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.audit(query),
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/audit', { params: { query }, cache: LIVE })),
  });
}
