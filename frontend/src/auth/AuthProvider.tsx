import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { AuthContext, useServices, type Auth } from '../api/context';
import { expectOk, unwrap } from '../api/problem';
import { queryKeys } from '../api/queries';
import type { Session } from './tokens';

/** Follows the token store, loads `/auth/me` for a session, signs in and out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { api, tokens } = useServices();
  const queryClient = useQueryClient();
  const session = useSyncExternalStore(tokens.subscribe, tokens.get);

  const me = useQuery({
    queryKey: queryKeys.me,
    enabled: session !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me')),
    staleTime: 5 * 60_000,
  });
  const refetchMe = me.refetch;

  // A new session, from the sign-in form or an accepted invitation: nothing cached for the
  // previous user (or for nobody) may show to this one.
  const startSession = useCallback(
    (pair: Session) => {
      queryClient.clear();
      tokens.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
    },
    [tokens, queryClient],
  );

  const signIn = useCallback(
    async (email: string, password: string, code?: string) => {
      const body = code === undefined ? { email, password } : { email, password, code };
      startSession(unwrap(await api.POST('/api/v1/auth/login', { body })));
    },
    [api, startSession],
  );

  const signOut = useCallback(async () => {
    const current = tokens.get();
    tokens.set(null);
    queryClient.clear();
    if (current) {
      try {
        expectOk(await api.POST('/api/v1/auth/logout', { body: { refresh_token: current.refresh_token } }));
      } catch {
        // Signed out here either way; the refresh token expires by itself.
      }
    }
  }, [api, tokens, queryClient]);

  const value = useMemo<Auth>(
    () => ({
      session,
      me: session ? me.data : undefined,
      pending: session !== null && me.isPending,
      meError: session ? me.error : null,
      retryMe: () => void refetchMe(),
      signIn,
      startSession,
      signOut,
    }),
    [session, me.data, me.isPending, me.error, refetchMe, signIn, startSession, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
