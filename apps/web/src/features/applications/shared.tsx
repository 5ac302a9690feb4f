import { useCallback, useEffect, useState } from 'react';
import { beijingTime } from '../../beijing-time';
import { apiFetch, ApiError, getAccessToken } from '../../api';
import { getLocale } from '../../i18n';
import './registration.css';

export interface Localized {
  'zh-CN': string;
  en: string;
}

export interface HistoryEntry {
  status: string;
  actor: string;
  reason: string | null;
  occurredAt: string;
}

export interface Application {
  id: string;
  campaign: { id: string; name: string };
  category: { id: string; code: string; nameZh: string; nameEn: string };
  post: { id: string; code: string; title: string };
  status: 'submitted' | 'withdrawn' | 'approved' | 'rejected';
  eligible: boolean;
  reasons: Localized[];
  degree: 'bachelor' | 'master' | 'phd';
  universityName: string;
  universityTier: string;
  disciplineCode: string;
  decisionReason: string | null;
  submittedAt: string;
  history?: HistoryEntry[];
}

export interface Category {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  posts: number;
  quota: number;
}

export interface Campaign {
  id: string;
  name: string;
  description: string;
  announcement: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  interviewStartsAt: string | null;
  interviewEndsAt: string | null;
  status: 'draft' | 'open' | 'closed' | 'archived';
  eligibilityRule: unknown;
  eligibilityRuleText: Localized;
  registrationOpen: boolean;
  categories?: Category[];
}

export interface Post {
  id: string;
  categoryId: string;
  code: string;
  title: string;
  quota: number;
  degreeLevels: string[];
  disciplines: string[];
  requirements: string;
}

export interface DocumentInfo {
  id: string;
  kind: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** Loads once (and on `reload()`); errors become a message to show. */
export function useLoad<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let cancelled = false;
    apiFetch<T>(path)
      .then((value) => !cancelled && (setData(value), setError(null)))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}

/** Runs an action and keeps its error, field errors and busy flag for the form. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e
          : new ApiError(0, 'UNKNOWN', e instanceof Error ? e.message : String(e)),
      );
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

export function ErrorNotice({ error }: { error: ApiError | string | null }) {
  if (!error) return null;
  if (typeof error === 'string')
    return (
      <div className="notice notice-error" role="alert">
        <p>{error}</p>
      </div>
    );
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.message}</p>
      {error.fieldErrors.length > 0 && (
        <ul>
          {error.fieldErrors
            .flatMap((f) => f.messages)
            .map((m) => (
              <li key={m}>{m}</li>
            ))}
        </ul>
      )}
    </div>
  );
}

/** Sends a multipart form with the bearer token (apiFetch only speaks JSON). */
export async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  const token = getAccessToken();
  const response = await fetch(`/api${path}`, {
    method: 'POST',
    headers: {
      'Accept-Language': getLocale(),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: form,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const record = (body ?? {}) as { code?: string; message?: string };
    throw new ApiError(
      response.status,
      record.code ?? `HTTP_${response.status}`,
      record.message ?? `HTTP ${response.status}`,
    );
  }
  return body as T;
}

/** Downloads an authenticated file and hands it to the browser under `fileName`. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const token = getAccessToken();
  const response = await fetch(`/api${path}`, {
    headers: {
      'Accept-Language': getLocale(),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!response.ok)
    throw new ApiError(response.status, `HTTP_${response.status}`, `HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const formatTime = (iso: string, locale: string): string => beijingTime(iso, locale);

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`status-badge status-${status}`}>{label}</span>;
}
