import { useCallback, useEffect, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { apiFetch, ApiError, getAccessToken } from '../../api';
import { getLocale } from '../../i18n';
import { useQuestionText } from './text';

interface Campaign {
  id: string;
  name: string;
}
interface SetSummary {
  id: string;
  code: string;
  categoryCode: string;
  title: string;
  questionCount: number;
  usedBySessionId: string | null;
}
interface Bank {
  campaignId: string;
  sealed: boolean;
  sealedAt: string | null;
  commitment: string | null;
  warningSeconds: number;
  sets: SetSummary[];
}
interface Problem {
  path: string;
  problem: string;
}

/** Multipart upload: apiFetch speaks JSON only. */
async function uploadBank(campaignId: string, file: File): Promise<Bank> {
  const form = new FormData();
  form.append('file', file);
  const token = getAccessToken();
  const response = await fetch(`/api/question-bank/campaigns/${campaignId}/import`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Accept-Language': getLocale(),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: form,
  });
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    details?: { problems?: Problem[] };
  };
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      body.code ?? `HTTP_${response.status}`,
      body.message ?? '',
    );
    throw Object.assign(error, { problems: body.details?.problems ?? [] });
  }
  return body as unknown as Bank;
}

/** Question bank of a campaign: import, list (metadata only), seal and unseal. */
export default function QuestionBankPage() {
  const { t } = useQuestionText();
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [bank, setBank] = useState<Bank | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    apiFetch<Campaign[]>('/campaigns').then(setCampaigns, (e: Error) => setError(e.message));
  }, []);

  const load = useCallback((id: string) => {
    setBank(null);
    if (!id) return;
    apiFetch<Bank>(`/question-bank/campaigns/${id}`).then(setBank, (e: Error) =>
      setError(e.message),
    );
  }, []);
  useEffect(() => load(campaignId), [campaignId, load]);

  async function run(action: () => Promise<Bank>) {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      setBank(await action());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setProblems((e as { problems?: Problem[] }).problems ?? []);
    } finally {
      setBusy(false);
    }
  }

  function onImport(event: FormEvent) {
    event.preventDefault();
    if (file) void run(() => uploadBank(campaignId, file));
  }

  function onUnseal() {
    const reason = window.prompt(t('qb.unsealReason'));
    if (!reason) return;
    void run(() =>
      apiFetch<Bank>(`/question-bank/campaigns/${campaignId}/unseal`, {
        method: 'POST',
        body: { reason },
      }),
    );
  }

  return (
    <div className="page" data-testid="question-bank">
      <header className="page-header">
        <h1>{t('qb.title')}</h1>
      </header>
      <label>
        {t('qb.campaign')}{' '}
        <select
          value={campaignId}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => setCampaignId(e.target.value)}
        >
          <option value="">{t('qb.chooseCampaign')}</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <div role="alert" className="error">
          <p>{error}</p>
          {problems.length > 0 && (
            <>
              <p>{t('qb.problems')}</p>
              <ul>
                {problems.map((p) => (
                  <li key={p.path + p.problem}>
                    <code>{p.path}</code>: {p.problem}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {bank && (
        <section className="card">
          <p data-testid="bank-status">
            {bank.sealed ? t('qb.sealed') : t('qb.unsealed')} ·{' '}
            {t('qb.warning', { seconds: bank.warningSeconds })}
          </p>
          {bank.commitment && (
            <p>
              {t('qb.commitment')}: <code data-testid="bank-commitment">{bank.commitment}</code>
            </p>
          )}
          {!bank.sealed && (
            <form onSubmit={onImport}>
              <label>
                {t('qb.import')}{' '}
                <input
                  type="file"
                  accept=".json,.xlsx,application/json"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </label>{' '}
              <button type="submit" disabled={!file || busy}>
                {t('qb.importButton')}
              </button>
            </form>
          )}
          <p>
            {bank.sealed ? (
              <button type="button" onClick={onUnseal} disabled={busy}>
                {t('qb.unseal')}
              </button>
            ) : (
              <button
                type="button"
                disabled={busy || bank.sets.length === 0}
                onClick={() =>
                  void run(() =>
                    apiFetch<Bank>(`/question-bank/campaigns/${campaignId}/seal`, {
                      method: 'POST',
                      body: {},
                    }),
                  )
                }
              >
                {t('qb.seal')}
              </button>
            )}
          </p>
          <h2>{t('qb.sets')}</h2>
          {bank.sets.length === 0 ? (
            <p>{t('qb.empty')}</p>
          ) : (
            <table data-testid="question-sets">
              <thead>
                <tr>
                  <th>{t('qb.code')}</th>
                  <th>{t('qb.category')}</th>
                  <th>{t('qb.setTitle')}</th>
                  <th>{t('qb.questions')}</th>
                  <th>{t('qb.used')}</th>
                </tr>
              </thead>
              <tbody>
                {bank.sets.map((set) => (
                  <tr key={set.id}>
                    <td>{set.code}</td>
                    <td>{set.categoryCode}</td>
                    <td>{set.title}</td>
                    <td>{set.questionCount}</td>
                    <td>{set.usedBySessionId ? t('qb.usedBy') : t('qb.unused')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
