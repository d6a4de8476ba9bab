import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { createApi } from './api/client';
import { ServicesContext } from './api/context';
import { ApiError } from './api/problem';
import { AuthProvider } from './auth/AuthProvider';
import { createTokenStore } from './auth/tokens';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

const tokens = createTokenStore(window.localStorage, window);
const services = { api: createApi(tokens), tokens };

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx answer will not change by asking again; network trouble and 5xx might.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <BrowserRouter>
            <AuthProvider>
              <App />
            </AuthProvider>
          </BrowserRouter>
        </I18nProvider>
      </QueryClientProvider>
    </ServicesContext.Provider>
  </StrictMode>,
);
