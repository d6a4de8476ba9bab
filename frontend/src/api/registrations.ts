import { useMutation, useQueryClient } from '@tanstack/react-query';
import { EVENT_SLUG } from '../lib/event';
import { useApi } from './context';
import { unwrap } from './problem';
import { queryKeys } from './queries';

/**
 * Register the signed-in delegate for a session, and cancel a registration. Both refresh
 * every programme query afterwards: counts, places left and the agenda all change.
 */
export function useRegistrationActions(slug: string = EVENT_SLUG) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.program(slug) });

  const register = useMutation({
    mutationFn: async (sessionId: number) =>
      unwrap(
        await api.POST('/api/v1/events/{event}/sessions/{id}/registrations', {
          params: { path: { event: slug, id: sessionId } },
          body: {},
        }),
      ),
    onSettled: refresh,
  });

  const unregister = useMutation({
    mutationFn: async ({ sessionId, delegateId }: { sessionId: number; delegateId: number }) =>
      unwrap(
        await api.DELETE('/api/v1/events/{event}/sessions/{id}/registrations/{delegate_id}', {
          params: { path: { event: slug, id: sessionId, delegate_id: delegateId } },
        }),
      ),
    onSettled: refresh,
  });

  return { register, unregister };
}
