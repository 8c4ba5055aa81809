import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './api-client';

/** The session query's key (features/auth reads it; lib cannot import features). */
const SESSION_KEY = ['session'];

/**
 * The session ended elsewhere (signed out from another browser, deactivated, idle too long): the
 * first answer that says so takes the person to the sign-in page at once, keeping nothing of what
 * the tab showed, instead of a "Sign in to continue" error over stale pages.
 */
function onError(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401 || error.code !== 'unauthenticated') return;
  if (queryClient.getQueryData(SESSION_KEY) === null) return;
  setCsrfToken(null);
  // The session first (the gate watching it goes to the sign-in page), then the rest: clear() would also drop the
  // session query the gate observes, and the gate would never hear that it became null.
  queryClient.setQueryData(SESSION_KEY, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Never retry what will not change: 4xx answers.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: true,
    },
  },
});
