import type { ApiErrorDto } from '../../../api/src/people/people.types';

/** An error answer from the API, with its code, message and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string[]> = {},
    /** Whatever else the error answer carried (e.g. newMessageIds on a stale send). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Set from the session answer; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(method !== 'GET' && csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Wholegrain cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload as ApiErrorDto | null)?.error;
    const { code, message, details, ...extra } = error ?? ({} as Partial<ApiErrorDto['error']>);
    throw new ApiError(response.status, code ?? 'http_error', message ?? `The server answered ${response.status}.`, details, extra);
  }
  return payload as T;
}

/** Uploads one file's bytes (POST, application/octet-stream) with its name and type in the query. */
export async function uploadFile<T>(path: string, file: Blob, name: string): Promise<T> {
  const query = `name=${encodeURIComponent(name)}&type=${encodeURIComponent(file.type || 'application/octet-stream')}`;
  let response: Response;
  try {
    response = await fetch(`${path}?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'Wholegrain cannot be reached. Check your connection and try again.');
  }
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload as ApiErrorDto | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${response.status}.`, error?.details);
  }
  return payload as T;
}
