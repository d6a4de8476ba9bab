import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { useApi } from './context';
import { expectOk, unwrap } from './problem';
import { MAX_PAGE, queryKeys, readAll } from './queries';
import type { Account, AccountChanges, BulkInvitation, MailListQuery, NewAccount, UserListQuery } from './types';

/** The back office's page size for accounts and the mail log. */
export const PEOPLE_PER_PAGE = 25;

/** Accounts and mails change with every invitation and every attempt: never from the HTTP cache. */
const LIVE: RequestCache = 'no-store';

/** One page of accounts (admins), filtered. */
export function useUsers(query: UserListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.userList(query),
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/users', { params: { query }, cache: LIVE })),
  });
}

/** Creating an organizer or admin account, changing one, and sending a new invitation. */
export function useUserActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.users }),
      queryClient.invalidateQueries({ queryKey: queryKeys.mails }),
      queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
    ]);
  };

  const create = useMutation({
    mutationFn: async (body: NewAccount) => unwrap(await api.POST('/api/v1/users', { body })),
    onSuccess: refresh,
  });

  // `If-Match` with the version the row shows: a change made meanwhile is a 412, not overwritten.
  const update = useMutation({
    mutationFn: async ({ account, changes }: { account: Account; changes: AccountChanges }) =>
      unwrap(
        await api.PATCH('/api/v1/users/{id}', {
          params: {
            path: { id: account.id },
            header: { 'If-Match': `"${String(account.id)}.${String(account.version)}"` },
          },
          body: changes,
        }),
      ),
    onSettled: refresh,
  });

  const resendInvitation = useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST('/api/v1/users/{id}/invitation', { params: { path: { id } } })),
    onSettled: refresh,
  });

  return { create, update, resendInvitation };
}

/** How often a mail log showing a pending mail is read again. */
export const MAIL_POLL_MS = 2_000;

/** One page of the mail log (admins), newest first; read again while a mail on it is pending. */
export function useMails(query: MailListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.mailList(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((mail) => mail.status === 'pending') ? MAIL_POLL_MS : false),
    queryFn: async () => unwrap(await api.GET('/api/v1/mails', { params: { query }, cache: LIVE })),
  });
}

/** Queuing a mail again (admins). */
export function useMailActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: async (id: number) => unwrap(await api.POST('/api/v1/mails/{id}/resend', { params: { path: { id } } })),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.mails });
    },
  });
  return { resend };
}

/** The event's delegations, complete (each is named by its city). */
export function useDelegations(slug: string = EVENT_SLUG) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.delegations(slug),
    staleTime: 10 * 60_000,
    queryFn: async () =>
      readAll(async (page) =>
        unwrap(
          await api.GET('/api/v1/events/{event}/delegations', {
            params: { path: { event: slug }, query: { page, per_page: MAX_PAGE } },
          }),
        ),
      ),
  });
}

/** Inviting delegates (organizers, admins): one from their row, or every one a filter matches. */
export function useInvitations(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.users }),
      queryClient.invalidateQueries({ queryKey: queryKeys.mails }),
    ]);
  };

  const inviteOne = useMutation({
    mutationFn: async (id: number) =>
      unwrap(
        await api.POST('/api/v1/events/{event}/delegates/{id}/invitation', { params: { path: { event: slug, id } } }),
      ),
    onSettled: refresh,
  });

  const inviteMany = useMutation({
    mutationFn: async ({ body, key }: { body: BulkInvitation; key: string }) =>
      unwrap(
        await api.POST('/api/v1/events/{event}/invitations', {
          params: { path: { event: slug }, header: { 'Idempotency-Key': key } },
          body,
        }),
      ),
    onSettled: refresh,
  });

  return { inviteOne, inviteMany };
}

/** Who a mailed invitation is for (anyone holding the link); null without a token. */
export function useInvitationLookup(token: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.invitation(token),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    queryFn: async () => unwrap(await api.POST('/api/v1/invitations/lookup', { body: { token: token ?? '' } })),
  });
}

/** Accepting an invitation and the two steps of a password reset: anonymous calls. */
export function useLinkActions() {
  const api = useApi();

  const accept = useMutation({
    mutationFn: async (body: { token: string; password: string; consent_public_profile?: boolean }) =>
      unwrap(await api.POST('/api/v1/invitations/accept', { body })),
  });

  const requestReset = useMutation({
    mutationFn: async (email: string) => unwrap(await api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });

  const confirmReset = useMutation({
    mutationFn: async (body: { token: string; password: string }) => {
      expectOk(await api.POST('/api/v1/auth/password-reset/confirm', { body }));
    },
  });

  return { accept, requestReset, confirmReset };
}

/** A fresh `Idempotency-Key`: random, and available outside secure contexts too. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
