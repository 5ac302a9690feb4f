import { getLocale, translate } from './i18n';

/** Thin fetch wrapper for the yunzhao API (`/api`, JSON, bearer tokens, one refresh on 401). */

const API_BASE = '/api';
const ACCESS_TOKEN_KEY = 'yunzhao.accessToken';
const REFRESH_TOKEN_KEY = 'yunzhao.refreshToken';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

export interface AuthResponse {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * An API failure: `message` is ready to show; `fieldErrors` carries per-field validation
 * messages; `details` is the error body's `details` as sent (e.g. the counts of an IN_USE).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly details: unknown = undefined,
  ) {
    super(message);
  }

  messagesFor(field: string): string[] {
    return this.fieldErrors.filter((e) => e.field === field).flatMap((e) => e.messages);
  }
}

// ---- token storage (sessionStorage: tokens die with the tab) ----

export function getAccessToken(): string | null {
  return sessionStorage.getItem(ACCESS_TOKEN_KEY);
}

export function getRefreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_TOKEN_KEY);
}

function storeTokens({ accessToken, refreshToken }: AuthResponse): void {
  sessionStorage.setItem(ACCESS_TOKEN_KEY, accessToken);
  sessionStorage.setItem(REFRESH_TOKEN_KEY, refreshToken);
}

export function clearTokens(): void {
  sessionStorage.removeItem(ACCESS_TOKEN_KEY);
  sessionStorage.removeItem(REFRESH_TOKEN_KEY);
}

// ---- session-expiry notification (refresh failed) ----

const expiryListeners = new Set<() => void>();

export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

// ---- requests ----

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  /** Send the bearer token and refresh on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions, auth: boolean): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLocale(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? getAccessToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(API_BASE + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', translate('error.network'));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toFieldErrors(details: unknown): FieldError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((item: unknown) => {
    if (!isRecord(item) || typeof item.field !== 'string' || !Array.isArray(item.messages)) {
      return [];
    }
    const messages = item.messages.filter((m: unknown): m is string => typeof m === 'string');
    return [{ field: item.field, messages }];
  });
}

function fallbackMessage(status: number): string {
  if (status === 429) return translate('error.rateLimited');
  if (status === 401) return translate('error.unauthorized');
  return translate('error.unknown', { status });
}

function toApiError(status: number, body: unknown): ApiError {
  if (!isRecord(body)) return new ApiError(status, `HTTP_${status}`, fallbackMessage(status));
  const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
  const message =
    typeof body.message === 'string' && body.message.trim() !== ''
      ? body.message
      : fallbackMessage(status);
  return new ApiError(status, code, message, toFieldErrors(body.details), body.details);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}

async function parse<T>(response: Response): Promise<T> {
  const body = await readBody(response);
  if (!response.ok) throw toApiError(response.status, body);
  // The server is trusted to return the documented shape for a successful call.
  return body as T;
}

let refreshing: Promise<boolean> | null = null;

async function doRefresh(refreshToken: string): Promise<boolean> {
  try {
    const response = await send('/auth/refresh', { method: 'POST', body: { refreshToken } }, false);
    if (!response.ok) return false;
    storeTokens(await parse<AuthResponse>(response));
    return true;
  } catch {
    return false;
  }
}

/** Refresh the token pair once, sharing the in-flight attempt among concurrent callers. */
function refreshTokens(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= doRefresh(refreshToken).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  let response = await send(path, options, auth);
  if (auth && response.status === 401) {
    const hadSession = getAccessToken() !== null || getRefreshToken() !== null;
    if (await refreshTokens()) {
      response = await send(path, options, auth);
    } else if (hadSession) {
      clearTokens();
      expiryListeners.forEach((listener) => listener());
    }
  }
  return parse<T>(response);
}

// ---- auth endpoints ----

export async function login(username: string, password: string): Promise<User> {
  const result = await apiFetch<AuthResponse>('/auth/login', {
    method: 'POST',
    body: { username, password },
    auth: false,
  });
  storeTokens(result);
  return result.user;
}

export function fetchCurrentUser(): Promise<User> {
  return apiFetch<User>('/auth/me');
}

/** Revoke the refresh token on the server (best effort) and forget the tokens locally. */
export async function logout(): Promise<void> {
  const refreshToken = getRefreshToken();
  try {
    if (refreshToken) {
      await apiFetch<void>('/auth/logout', { method: 'POST', body: { refreshToken } });
    }
  } catch {
    // Logging out locally must succeed even if the server is unreachable.
  } finally {
    clearTokens();
  }
}
