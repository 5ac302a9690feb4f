import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, apiFetch } from '../../api';
import { Link, navigate, useLocation } from '../../router';
import { reasonKey, useAuditText } from './audit-text';
import type { AuditTextKey } from './audit-text';
import './audit.css';

/** GET /api/audit: one entry (libs/audit/src/dto/audit-entry.view.ts). */
interface AuditEntry {
  seq: string;
  actor: string;
  actorUser: { id: string; username: string; displayName: string } | null;
  action: string;
  subject: string;
  occurredAt: string;
  details: Record<string, unknown>;
  chainPos: string | null;
  prevHash: string | null;
  hash: string | null;
}

/** GET /api/audit/verify (libs/audit/src/audit-chainer.ts). */
interface AuditVerification {
  entries: number;
  lastHash: string;
  broken: { seq: string; action: string; reason: string } | null;
  unchained: number;
}

/** The filters, as kept in the page's address (/audit?action=…&match=prefix&subject=…&actor=…). */
interface Filters {
  action: string;
  prefix: boolean;
  subject: string;
  actor: string;
}

const PAGE_SIZE = 50;
const SESSION_SUBJECT = /^session:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function filtersOf(search: string): Filters {
  const query = new URLSearchParams(search);
  return {
    action: query.get('action') ?? '',
    prefix: query.get('match') === 'prefix',
    subject: query.get('subject') ?? '',
    actor: query.get('actor') ?? '',
  };
}

const isFiltered = (f: Filters) => f.action !== '' || f.subject !== '' || f.actor !== '';

/** The page's own address for some filters. */
function pageHref(f: Filters): string {
  const query = new URLSearchParams();
  if (f.action) query.set('action', f.action);
  if (f.action && f.prefix) query.set('match', 'prefix');
  if (f.subject) query.set('subject', f.subject);
  if (f.actor) query.set('actor', f.actor);
  const search = query.toString();
  return search ? `/audit?${search}` : '/audit';
}

/** The API query for some filters, one page older than `beforeSeq`. */
function apiQuery(f: Filters, beforeSeq?: string): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (f.action) query.set(f.prefix ? 'actionPrefix' : 'action', f.action);
  if (f.subject) query.set('subject', f.subject);
  if (f.actor) query.set('actor', f.actor);
  if (beforeSeq) query.set('beforeSeq', beforeSeq);
  return query.toString();
}

const shortHash = (hash: string) => `${hash.slice(0, 12)}…`;

/** Query fields the filter form shows a refusal at; any other refusal shows above the list. */
const FORM_FIELDS = ['action', 'actionPrefix', 'subject', 'actor'];

function pageError(error: unknown): string | null {
  if (error === null) return null;
  if (error instanceof ApiError) {
    const elsewhere = error.fieldErrors.filter((f) => !FORM_FIELDS.includes(f.field));
    if (error.fieldErrors.length > 0 && elsewhere.length === 0) return null;
    return [error.message, ...elsewhere.flatMap((f) => f.messages)].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** /audit: the audit trail, newest first, with filters, paging and the chain check. */
export default function AuditPage() {
  const { t } = useAuditText();
  const { query } = useLocation();
  const search = query.toString();
  const filters = useMemo(() => filtersOf(search), [search]);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Bumped to reload the list when the filters applied are the ones shown already. */
  const [reloads, setReloads] = useState(0);
  const [verification, setVerification] = useState<{
    result: AuditVerification;
    at: string;
  } | null>(null);
  /** The filters the shown entries belong to: a late page for other filters is dropped. */
  const current = useRef(search);

  useEffect(() => {
    current.current = search;
    setEntries(null);
    setError(null);
    setHasMore(false);
    apiFetch<AuditEntry[]>(`/audit?${apiQuery(filters)}`).then(
      (page) => {
        if (current.current !== search) return;
        setEntries(page);
        setHasMore(page.length === PAGE_SIZE);
      },
      (e: unknown) => {
        if (current.current === search) setError(e);
      },
    );
  }, [filters, search, reloads]);

  const apply = (next: Filters) => {
    const href = pageHref(next);
    if (href === pageHref(filters)) setReloads((n) => n + 1);
    else navigate(href);
  };

  const loadMore = useCallback(async () => {
    if (!entries || entries.length === 0) return;
    const forSearch = search;
    setLoadingMore(true);
    try {
      const page = await apiFetch<AuditEntry[]>(
        `/audit?${apiQuery(filters, entries[entries.length - 1].seq)}`,
      );
      if (current.current !== forSearch) return;
      setEntries((shown) => [...(shown ?? []), ...page]);
      setHasMore(page.length === PAGE_SIZE);
    } catch (e) {
      if (current.current === forSearch) setError(e);
    } finally {
      setLoadingMore(false);
    }
  }, [entries, filters, search]);

  const brokenSeq = verification?.result.broken?.seq ?? null;
  // Verification links the entries still waiting and may find one changed since it was shown:
  // the list is loaded again, so what it shows is what was verified.
  const verified = (v: { result: AuditVerification; at: string }) => {
    setVerification(v);
    setReloads((n) => n + 1);
  };

  return (
    <section className="audit-page">
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <p className="page-lead">{t('audit.lead')}</p>
      </header>
      <VerifyPanel verification={verification} onVerified={verified} />
      <FilterForm filters={filters} error={error} onApply={apply} />
      {pageError(error) && (
        <p className="notice notice-error" role="alert">
          {pageError(error)}
        </p>
      )}
      {entries === null && error === null && <p role="status">{t('audit.loading')}</p>}
      {entries !== null && (
        <EntryTable
          entries={entries}
          brokenSeq={brokenSeq}
          onActor={(actor) => apply({ ...filters, actor })}
        />
      )}
      {entries !== null && entries.length > 0 && (
        <p className="audit-paging">
          <span className="audit-muted">{t('audit.shown', { count: entries.length })}</span>{' '}
          {hasMore ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={loadingMore}
              onClick={() => void loadMore()}
            >
              {loadingMore ? t('audit.loadingMore') : t('audit.loadMore')}
            </button>
          ) : (
            <span className="audit-muted">{t('audit.end')}</span>
          )}
        </p>
      )}
    </section>
  );
}

function VerifyPanel({
  verification,
  onVerified,
}: {
  verification: { result: AuditVerification; at: string } | null;
  onVerified: (v: { result: AuditVerification; at: string }) => void;
}) {
  const { t, formatTime } = useAuditText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setFailure(null);
    try {
      const result = await apiFetch<AuditVerification>('/audit/verify');
      onVerified({ result, at: new Date().toISOString() });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const result = verification?.result;
  const reason = result?.broken ? reasonKey(result.broken.reason) : null;
  return (
    <section className="audit-section" aria-labelledby="audit-verify-title">
      <h2 id="audit-verify-title">{t('audit.verify.title')}</h2>
      <p className="audit-muted">{t('audit.verify.lead')}</p>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => void run()}
      >
        {busy ? t('audit.verify.running') : t('audit.verify.run')}
      </button>
      <div role="status" data-testid="audit-verification">
        {failure && (
          <p className="notice notice-error">{t('audit.verify.failed', { message: failure })}</p>
        )}
        {!busy && result && verification && (
          <div
            className={`notice ${result.broken ? 'notice-error' : 'audit-intact'}`}
            data-result={result.broken ? 'broken' : 'intact'}
          >
            {result.broken ? (
              <>
                <p>
                  <strong>
                    {t('audit.verify.broken', {
                      seq: result.broken.seq,
                      action: result.broken.action,
                    })}
                  </strong>
                </p>
                {reason && <p>{t(reason)}</p>}
                <p>{t('audit.verify.before', { entries: result.entries })}</p>
              </>
            ) : (
              <p>
                <strong>{t('audit.verify.intact', { entries: result.entries })}</strong>
              </p>
            )}
            {result.unchained > 0 && (
              <p>{t('audit.verify.unchained', { count: result.unchained })}</p>
            )}
            {result.entries > 0 && (
              <p className="audit-mono">{t('audit.verify.lastHash', { hash: result.lastHash })}</p>
            )}
            <p className="audit-muted">
              {t('audit.verify.checkedAt', { time: formatTime(verification.at) })}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}

function FilterForm({
  filters,
  error,
  onApply,
}: {
  filters: Filters;
  error: unknown;
  onApply: (filters: Filters) => void;
}) {
  const { t } = useAuditText();
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);

  // The API names the field it refuses; the action box stands for both action and actionPrefix.
  const messages = (field: keyof Filters): string[] => {
    if (!(error instanceof ApiError)) return [];
    const names = field === 'action' ? ['action', 'actionPrefix'] : [field];
    return names.flatMap((name) => error.messagesFor(name));
  };
  const field = (name: 'action' | 'subject' | 'actor', label: AuditTextKey, hint: AuditTextKey) => {
    const errors = messages(name);
    const id = `audit-filter-${name}`;
    return (
      <div className="audit-field">
        <label htmlFor={id}>{t(label)}</label>
        <input
          id={id}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={errors.length > 0 ? `${id}-error` : `${id}-hint`}
        />
        {errors.length > 0 ? (
          <span id={`${id}-error`} className="field-error" data-field-error={name}>
            {errors.join(' ')}
          </span>
        ) : (
          <span id={`${id}-hint`} className="audit-muted">
            {t(hint)}
          </span>
        )}
      </div>
    );
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({
      action: draft.action.trim(),
      prefix: draft.prefix,
      subject: draft.subject.trim(),
      actor: draft.actor.trim(),
    });
  }

  return (
    <form className="audit-section" aria-label={t('audit.filter.title')} onSubmit={submit}>
      <h2>{t('audit.filter.title')}</h2>
      <div className="audit-filters">
        {field('action', 'audit.filter.action', 'audit.filter.actionHint')}
        <div className="audit-field">
          <label htmlFor="audit-filter-match">{t('audit.filter.match')}</label>
          <select
            id="audit-filter-match"
            value={draft.prefix ? 'prefix' : 'exact'}
            onChange={(e) => setDraft({ ...draft, prefix: e.target.value === 'prefix' })}
          >
            <option value="exact">{t('audit.filter.exact')}</option>
            <option value="prefix">{t('audit.filter.prefix')}</option>
          </select>
        </div>
        {field('subject', 'audit.filter.subject', 'audit.filter.subjectHint')}
        {field('actor', 'audit.filter.actor', 'audit.filter.actorHint')}
      </div>
      <div className="audit-actions">
        <button type="submit" className="button button-primary">
          {t('audit.filter.apply')}
        </button>
        {isFiltered(filters) && (
          <>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => navigate('/audit')}
            >
              {t('audit.filter.clear')}
            </button>
            <span className="audit-muted">{t('audit.filter.active')}</span>
          </>
        )}
      </div>
    </form>
  );
}

function EntryTable({
  entries,
  brokenSeq,
  onActor,
}: {
  entries: AuditEntry[];
  brokenSeq: string | null;
  onActor: (actor: string) => void;
}) {
  const { t, formatTime } = useAuditText();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (seq: string) =>
    setOpen((shown) => {
      const next = new Set(shown);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const actorName = (entry: AuditEntry): string => {
    if (entry.actorUser) return `${entry.actorUser.displayName}（${entry.actorUser.username}）`;
    if (entry.actor === 'system') return t('audit.actor.system');
    if (entry.actor === 'anonymous') return t('audit.actor.anonymous');
    return entry.actor;
  };

  if (entries.length === 0) return <p className="notice notice-info">{t('audit.empty')}</p>;
  return (
    <table className="audit-table" data-testid="audit-entries">
      <thead>
        <tr>
          <th scope="col">{t('audit.col.seq')}</th>
          <th scope="col">{t('audit.col.time')}</th>
          <th scope="col">{t('audit.col.actor')}</th>
          <th scope="col">{t('audit.col.action')}</th>
          <th scope="col">{t('audit.col.subject')}</th>
          <th scope="col">{t('audit.col.chainPos')}</th>
          <th scope="col">{t('audit.col.hash')}</th>
          <th scope="col">{t('audit.col.details')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const expanded = open.has(entry.seq);
          const broken = entry.seq === brokenSeq;
          const session = SESSION_SUBJECT.exec(entry.subject);
          const name = actorName(entry);
          const detailsId = `audit-details-${entry.seq}`;
          return (
            <Fragment key={entry.seq}>
              <tr
                data-testid="audit-entry"
                data-seq={entry.seq}
                data-broken={broken ? 'true' : undefined}
                className={broken ? 'audit-broken' : undefined}
              >
                <td className="audit-mono">
                  #{entry.seq}
                  {broken && <span className="audit-break-badge">{t('audit.brokenHere')}</span>}
                </td>
                <td className="audit-nowrap">
                  <time dateTime={entry.occurredAt}>{formatTime(entry.occurredAt)}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="audit-link-button"
                    title={t('audit.actor.filterBy', { name })}
                    data-actor={entry.actor}
                    onClick={() => onActor(entry.actor)}
                  >
                    {name}
                  </button>
                </td>
                <td className="audit-mono">{entry.action}</td>
                <td className="audit-mono audit-subject">
                  {entry.subject}
                  {session && (
                    <>
                      {' '}
                      <Link to={`/recordings/${session[1]}`}>{t('audit.recordings')}</Link>
                    </>
                  )}
                </td>
                <td className="audit-mono">{entry.chainPos ?? t('audit.unchained')}</td>
                <td className="audit-mono" title={entry.hash ?? undefined}>
                  {entry.hash ? shortHash(entry.hash) : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-expanded={expanded}
                    aria-controls={detailsId}
                    aria-label={`${expanded ? t('audit.details.hide') : t('audit.details.show')} ${t(
                      'audit.details.label',
                      { seq: entry.seq },
                    )}`}
                    onClick={() => toggle(entry.seq)}
                  >
                    {expanded ? t('audit.details.hide') : t('audit.details.show')}
                  </button>
                </td>
              </tr>
              {expanded && (
                <tr className="audit-details-row">
                  <td colSpan={8}>
                    <div
                      id={detailsId}
                      role="region"
                      aria-label={t('audit.details.label', { seq: entry.seq })}
                    >
                      <dl className="audit-hashes">
                        <dt>{t('audit.details.hash')}</dt>
                        <dd className="audit-mono">{entry.hash ?? t('audit.unchained')}</dd>
                        <dt>{t('audit.details.prevHash')}</dt>
                        <dd className="audit-mono">{entry.prevHash ?? t('audit.unchained')}</dd>
                      </dl>
                      <p>{t('audit.details.content')}</p>
                      {/* Text, never markup: details hold whatever the audited action recorded. */}
                      <pre className="audit-json">{JSON.stringify(entry.details, null, 2)}</pre>
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
