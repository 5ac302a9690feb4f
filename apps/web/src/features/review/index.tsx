import { useEffect, useMemo, useState } from 'react';
import { apiFetch } from '../../api';
import { useText } from '../applications/messages';
import type { TextKey } from '../applications/messages';
import {
  downloadFile,
  ErrorNotice,
  formatTime,
  StatusBadge,
  useAction,
  useLoad,
} from '../applications/shared';
import type {
  Application,
  Campaign,
  DocumentInfo,
  HistoryEntry,
  Post,
} from '../applications/shared';

interface ListItem extends Application {
  candidate: {
    id: string;
    fullName: string;
    idNumberMasked: string;
    phoneMasked: string | null;
    sex: string;
  };
}

interface Detail extends Application {
  candidate: {
    fullName: string;
    idNumber: string;
    birthDate: string;
    sex: string;
    phone: string | null;
    email: string | null;
  };
  education: {
    id: string;
    degree: string;
    universityName: string;
    universityTier: string;
    disciplineCode: string;
    major: string;
    graduationDate: string;
  }[];
  documents: DocumentInfo[];
  history: HistoryEntry[];
}

const PAGE_SIZE = 20;
const FILTERS = ['categoryId', 'postId', 'degree', 'universityTier', 'status'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function DetailPanel({ id, onDecided }: { id: string; onDecided: () => void }) {
  const { tx, locale } = useText();
  const { data, error, reload } = useLoad<Detail>(`/review/applications/${id}`);
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const action = useAction();

  async function decide(decision: 'approve' | 'reject') {
    setMissingReason(!reason.trim());
    if (!reason.trim()) return;
    const result = await action.run(() =>
      apiFetch(`/review/applications/${id}/decision`, {
        method: 'POST',
        body: { decision, reason: reason.trim() },
      }),
    );
    if (result) {
      setReason('');
      reload();
      onDecided();
    }
  }

  if (error) return <ErrorNotice error={error} />;
  if (!data) return <p>{tx('common.loading')}</p>;
  return (
    <aside className="panel" aria-labelledby="review-detail" data-testid="review-detail">
      <div className="actions" style={{ justifyContent: 'space-between' }}>
        <h2 id="review-detail">{tx('review.detail')}</h2>
        <StatusBadge status={data.status} label={tx(`status.${data.status}`)} />
      </div>
      <p className="field-hint">{tx('review.piiNote')}</p>
      <dl className="kv">
        <dt>{tx('review.name')}</dt>
        <dd>{data.candidate.fullName}</dd>
        <dt>{tx('review.idNumber')}</dt>
        <dd>{data.candidate.idNumber}</dd>
        <dt>{tx('profile.phone')}</dt>
        <dd>{data.candidate.phone ?? '—'}</dd>
        <dt>{tx('profile.email')}</dt>
        <dd>{data.candidate.email ?? '—'}</dd>
        <dt>{tx('apply.post')}</dt>
        <dd>
          {data.post.code} {data.post.title}
        </dd>
      </dl>
      <h3>
        {tx('apply.verdict')}{' '}
        <StatusBadge
          status={data.eligible ? 'eligible' : 'not-eligible'}
          label={data.eligible ? tx('apply.eligible') : tx('apply.notEligible')}
        />
      </h3>
      <ul className="reasons">
        {data.reasons.slice(1).map((r) => (
          <li key={r[locale]}>{r[locale]}</li>
        ))}
      </ul>
      <h3>{tx('profile.documents')}</h3>
      <ul className="reasons">
        {data.documents.length === 0 && <li>{tx('common.none')}</li>}
        {data.documents.map((d) => (
          <li key={d.id}>
            {tx(`doc.${d.kind}` as TextKey)} · {d.originalName}{' '}
            <button
              type="button"
              className="button button-ghost"
              onClick={() => void downloadFile(`/documents/${d.id}/content`, d.originalName)}
            >
              {tx('profile.download')}
            </button>
          </li>
        ))}
      </ul>
      <h3>{tx('apply.history')}</h3>
      <ol className="timeline">
        {data.history.map((h) => (
          <li key={`${h.status}-${h.occurredAt}`}>
            {formatTime(h.occurredAt, locale)} · {tx(`status.${h.status}` as TextKey)}
            {h.reason ? ` · ${h.reason}` : ''}
          </li>
        ))}
      </ol>
      {data.status === 'submitted' && (
        <div className="form">
          <ErrorNotice error={action.error} />
          <div className="field">
            <label htmlFor="review-reason">{tx('review.reason')}</label>
            <textarea
              id="review-reason"
              value={reason}
              aria-invalid={missingReason}
              onChange={(e) => setReason(e.target.value)}
            />
            {missingReason && <p className="field-error">{tx('review.reasonRequired')}</p>}
          </div>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              disabled={action.busy}
              onClick={() => void decide('approve')}
            >
              {tx('review.approve')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={action.busy}
              onClick={() => void decide('reject')}
            >
              {tx('review.reject')}
            </button>
          </div>
        </div>
      )}
    </aside>
  );
}

export default function ReviewPage() {
  const { tx, locale } = useText();
  const { data: campaigns } = useLoad<Campaign[]>('/campaigns');
  const [campaignId, setCampaignId] = useState('');
  const [filters, setFilters] = useState<Filters>({
    categoryId: '',
    postId: '',
    degree: '',
    universityTier: '',
    status: '',
  });
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const exportAction = useAction();

  useEffect(() => {
    if (!campaignId && campaigns && campaigns.length > 0) setCampaignId(campaigns[0].id);
  }, [campaigns, campaignId]);

  const { data: campaign } = useLoad<Campaign>(campaignId ? `/campaigns/${campaignId}` : null);
  const { data: posts } = useLoad<{ items: Post[] }>(
    campaignId && filters.categoryId
      ? `/campaigns/${campaignId}/posts?categoryId=${filters.categoryId}`
      : null,
  );
  const query = useMemo(() => {
    const params = new URLSearchParams({ campaignId });
    for (const key of FILTERS) if (filters[key]) params.set(key, filters[key]);
    return params;
  }, [campaignId, filters]);
  const listQuery = `${query.toString()}&limit=${PAGE_SIZE}&offset=${page * PAGE_SIZE}`;
  const {
    data: list,
    error,
    reload,
  } = useLoad<{ total: number; items: ListItem[] }>(
    campaignId ? `/review/applications?${listQuery}` : null,
  );

  const setFilter = (key: keyof Filters, value: string) => {
    setFilters({ ...filters, [key]: value, ...(key === 'categoryId' ? { postId: '' } : {}) });
    setPage(0);
  };
  const select = (key: keyof Filters, label: TextKey, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={`filter-${key}`}>{tx(label)}</label>
      <select
        id={`filter-${key}`}
        value={filters[key]}
        onChange={(e) => setFilter(key, e.target.value)}
      >
        <option value="">{tx('common.any')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const exportAs = (format: 'csv' | 'xlsx') =>
    void exportAction.run(() =>
      downloadFile(
        `/review/applications/export?format=${format}&${query.toString()}`,
        `applications.${format}`,
      ),
    );

  return (
    <section>
      <header className="page-header">
        <h1>{tx('review.title')}</h1>
      </header>
      <section className="panel" aria-label={tx('review.filters')}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="review-campaign">{tx('review.campaign')}</label>
            <select
              id="review-campaign"
              value={campaignId}
              onChange={(e) => (setCampaignId(e.target.value), setPage(0))}
            >
              {campaigns?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {select(
            'categoryId',
            'apply.category',
            (campaign?.categories ?? []).map((c) => [
              c.id,
              `${c.code} ${locale === 'en' ? c.nameEn : c.nameZh}`,
            ]),
          )}
          {select(
            'postId',
            'apply.post',
            (posts?.items ?? []).map((p) => [p.id, `${p.code} ${p.title}`]),
          )}
          {select(
            'degree',
            'review.degree',
            (['phd', 'master', 'bachelor'] as const).map((d) => [d, tx(`degree.${d}`)]),
          )}
          {select(
            'universityTier',
            'review.university',
            (['985', '211', 'double_first_class', 'other'] as const).map((t) => [
              t,
              tx(`tier.${t}`),
            ]),
          )}
          {select(
            'status',
            'review.status',
            (['submitted', 'approved', 'rejected', 'withdrawn'] as const).map((s) => [
              s,
              tx(`status.${s}`),
            ]),
          )}
        </div>
        <div className="actions" style={{ marginTop: 16 }}>
          <button type="button" className="button button-secondary" onClick={() => exportAs('csv')}>
            {tx('review.exportCsv')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => exportAs('xlsx')}
          >
            {tx('review.exportXlsx')}
          </button>
        </div>
        <ErrorNotice error={exportAction.error} />
      </section>
      <ErrorNotice error={error} />
      <div className="split">
        <section className="panel table-scroll">
          {list && list.items.length === 0 && <p>{tx('review.empty')}</p>}
          {list && list.items.length > 0 && (
            <table className="data-table" data-testid="review-table">
              <thead>
                <tr>
                  <th>{tx('review.name')}</th>
                  <th>{tx('review.idNumber')}</th>
                  <th>{tx('apply.post')}</th>
                  <th>{tx('review.degree')}</th>
                  <th>{tx('review.university')}</th>
                  <th>{tx('review.verdict')}</th>
                  <th>{tx('review.status')}</th>
                  <th>{tx('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((a) => (
                  <tr key={a.id} className={a.id === selected ? 'row-selected' : undefined}>
                    <td>{a.candidate.fullName}</td>
                    <td>{a.candidate.idNumberMasked}</td>
                    <td>
                      {a.post.code} {a.post.title}
                    </td>
                    <td>{tx(`degree.${a.degree}`)}</td>
                    <td>
                      {a.universityName}（{tx(`tier.${a.universityTier}` as TextKey)}）
                    </td>
                    <td>
                      <StatusBadge
                        status={a.eligible ? 'eligible' : 'not-eligible'}
                        label={a.eligible ? tx('apply.eligible') : tx('apply.notEligible')}
                      />
                    </td>
                    <td>
                      <StatusBadge status={a.status} label={tx(`status.${a.status}`)} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-ghost"
                        onClick={() => setSelected(a.id)}
                      >
                        {tx('review.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list && (
            <div className="actions" style={{ marginTop: 12 }}>
              <button
                type="button"
                className="button button-ghost"
                disabled={page === 0}
                onClick={() => setPage(page - 1)}
              >
                {tx('common.prev')}
              </button>
              <span>{tx('common.page', { page: page + 1, total: list.total })}</span>
              <button
                type="button"
                className="button button-ghost"
                disabled={(page + 1) * PAGE_SIZE >= list.total}
                onClick={() => setPage(page + 1)}
              >
                {tx('common.next')}
              </button>
            </div>
          )}
        </section>
        {selected && <DetailPanel key={selected} id={selected} onDecided={reload} />}
      </div>
    </section>
  );
}
