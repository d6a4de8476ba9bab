import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { createApi } from '../api/client';
import { ServicesContext } from '../api/context';
import { AuthProvider } from '../auth/AuthProvider';
import { createTokenStore, type Session } from '../auth/tokens';
import { I18nProvider } from '../i18n/I18nProvider';
import { memoryStorage } from './memoryStorage';

/**
 * Renders `ui` inside the app's providers, talking to `handler` instead of a server, signed
 * in (tokens `a1`/`r1`) unless `session` is null. The token store comes back with the result.
 */
export function renderWithApp(
  ui: ReactElement,
  handler: (request: Request) => Promise<Response>,
  path = '/',
  { session = { access_token: 'a1', refresh_token: 'r1' } }: { session?: Session | null } = {},
) {
  const tokens = createTokenStore(memoryStorage());
  tokens.set(session);
  const services = { api: createApi(tokens, handler, 'http://api.test'), tokens };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <MemoryRouter initialEntries={[path]}>
            <AuthProvider>{ui}</AuthProvider>
          </MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>
    </ServicesContext.Provider>,
  );
  return { ...result, tokens };
}

export const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
