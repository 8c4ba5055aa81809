import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionDto } from '../../../../../api/src/people/people.types';
import { api, ApiError, setCsrfToken } from '../../../lib/api-client';

/** The signed-in person, or null when nobody is signed in. */
export async function getSession(): Promise<SessionDto | null> {
  try {
    const session = await api<SessionDto>('GET', '/api/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQuery);
