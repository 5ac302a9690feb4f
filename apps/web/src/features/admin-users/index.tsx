import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { ROLE_LABELS, ROLES } from '../../navigation';
import type { Account } from './account-form';
import { AccountRow } from './AccountRow';
import { useAdminUsersText } from './admin-users-text';
import { CreateAccountForm } from './CreateAccountForm';
import './admin-users.css';

/** Accounts per request; a full page means there may be more. */
const PAGE_SIZE = 50;
/** How long typing may pause before the search runs by itself. */
const SEARCH_DELAY_MS = 300;

interface Filters {
  q: string;
  role: string;
}

function listPath(filters: Filters, offset: number): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (filters.q) params.set('q', filters.q);
  if (filters.role) params.set('role', filters.role);
  return `/users?${params.toString()}`;
}

/** Adds accounts not shown yet, keeping the order of what is already there. */
const merge = (shown: Account[], more: Account[]) =>
  shown.concat(more.filter((a) => !shown.some((s) => s.id === a.id)));

/** /admin/users: accounts, their roles and access, for administrators. */
export default function AdminUsersPage() {
  const { t } = useAdminUsersText();
  const { t: tr } = useI18n();
  const { state } = useAuth();
  const me = state.status === 'authenticated' ? state.user.id : '';

  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '', role: '' });
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  /** How many accounts of the current filters came from the api (the next page's offset). */
  const [fetched, setFetched] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [created, setCreated] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  /** Only the answer to the latest request is shown (typing fast sends several). */
  const latest = useRef(0);

  const load = useCallback(async (next: Filters, offset: number) => {
    const request = ++latest.current;
    setLoading(true);
    setLoadError(null);
    try {
      const page = await apiFetch<Account[]>(listPath(next, offset));
      if (request !== latest.current) return;
      setAccounts((shown) => (offset === 0 || !shown ? page : merge(shown, page)));
      setFetched(offset + page.length);
      setHasMore(page.length === PAGE_SIZE);
    } catch (e) {
      if (request === latest.current) setLoadError(e instanceof Error ? e.message : String(e));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(filters, 0);
  }, [filters, load]);

  // Typing searches by itself after a pause; Enter or the button searches at once.
  useEffect(() => {
    const q = query.trim();
    if (q === filters.q) return;
    const timer = setTimeout(() => setFilters((f) => ({ ...f, q })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, filters.q]);

  function search(event: FormEvent) {
    event.preventDefault();
    setFilters((f) => ({ ...f, q: query.trim() }));
  }

  const replace = (account: Account) =>
    setAccounts((shown) => shown?.map((a) => (a.id === account.id ? account : a)) ?? shown);

  // A new account is the newest, i.e. on the last page: it is shown first until the next search.
  const onCreated = (account: Account) => {
    setNotice(null);
    setCreated((ids) => [...ids, account.id]);
    setAccounts((shown) => [account, ...(shown ?? []).filter((a) => a.id !== account.id)]);
  };

  return (
    <section>
      <header className="page-header">
        <h1>{t('au.title')}</h1>
        <p className="page-lead">{t('au.lead')}</p>
      </header>

      <CreateAccountForm onCreated={onCreated} />

      <section className="au-section" aria-labelledby="au-list-title">
        <h2 id="au-list-title">{t('au.list.title')}</h2>
        <form
          className="au-filters"
          role="search"
          aria-label={t('au.filter.title')}
          onSubmit={search}
        >
          <div className="au-field">
            <label htmlFor="au-filter-q">{t('au.filter.q')}</label>
            <input
              id="au-filter-q"
              type="search"
              value={query}
              maxLength={64}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <div className="au-field">
            <label htmlFor="au-filter-role">{t('au.filter.role')}</label>
            <select
              id="au-filter-role"
              value={filters.role}
              onChange={(e) => setFilters({ q: query.trim(), role: e.target.value })}
            >
              <option value="">{t('au.filter.anyRole')}</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {tr(ROLE_LABELS[role])}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary">
            {t('au.filter.submit')}
          </button>
        </form>

        {notice && (
          <p className="notice notice-info au-notice" role="status">
            {notice}
          </p>
        )}
        {loadError && (
          <p className="notice notice-error au-notice" role="alert">
            {loadError}
          </p>
        )}
        {accounts === null && !loadError && <p>{t('au.loading')}</p>}
        {accounts?.length === 0 && <p className="au-muted">{t('au.empty')}</p>}
        {accounts && accounts.length > 0 && (
          <div className="au-table-scroll">
            <table className="au-table" data-testid="accounts" aria-busy={loading}>
              <thead>
                <tr>
                  <th scope="col">{t('au.col.username')}</th>
                  <th scope="col">{t('au.col.displayName')}</th>
                  <th scope="col">{t('au.col.roles')}</th>
                  <th scope="col">{t('au.col.status')}</th>
                  <th scope="col">{t('au.col.createdAt')}</th>
                  <th scope="col">{t('au.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <AccountRow
                    key={account.id}
                    account={account}
                    isMe={account.id === me}
                    isNew={created.includes(account.id)}
                    onChanged={replace}
                    onNotice={setNotice}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {accounts && accounts.length > 0 && (
          <p className="au-muted">{t('au.shown', { count: accounts.length })}</p>
        )}
        {hasMore && (
          <div className="au-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={loading}
              onClick={() => void load(filters, fetched)}
            >
              {t('au.more')}
            </button>
          </div>
        )}
      </section>
    </section>
  );
}
