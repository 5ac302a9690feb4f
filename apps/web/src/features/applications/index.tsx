import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import { Link } from '../../router';
import { useText } from './messages';
import type { TextKey } from './messages';
import { ErrorNotice, formatTime, StatusBadge, useAction, useLoad } from './shared';
import type { Application, Campaign, Post } from './shared';

function ApplyForm({ campaign, onApplied }: { campaign: Campaign; onApplied: () => void }) {
  const { tx, locale } = useText();
  const { data: detail } = useLoad<Campaign>(`/campaigns/${campaign.id}`);
  const [categoryId, setCategoryId] = useState('');
  const [postId, setPostId] = useState('');
  const { data: posts } = useLoad<{ items: Post[] }>(
    categoryId ? `/campaigns/${campaign.id}/posts?categoryId=${categoryId}` : null,
  );
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!postId) return;
    const result = await run(() =>
      apiFetch<Application>('/applications', { method: 'POST', body: { postId } }),
    );
    if (result) onApplied();
  }

  const needsProfile = error?.code === 'PROFILE_INCOMPLETE';
  return (
    <section className="panel" aria-labelledby={`campaign-${campaign.id}`}>
      <h2 id={`campaign-${campaign.id}`}>{campaign.name}</h2>
      <p className="panel-lead">
        {tx('apply.window', {
          opens: formatTime(campaign.registrationOpensAt, locale),
          closes: formatTime(campaign.registrationClosesAt, locale),
        })}
      </p>
      {campaign.description && <p>{campaign.description}</p>}
      <p>
        <strong>{tx('apply.rule')}：</strong>
        {campaign.eligibilityRuleText[locale]}
      </p>
      <ErrorNotice error={error} />
      {needsProfile && (
        <p>
          <Link to="/profile" className="button button-secondary">
            {tx('apply.goProfile')}
          </Link>
        </p>
      )}
      <form className="form" onSubmit={submit}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="apply-category">{tx('apply.category')}</label>
            <select
              id="apply-category"
              value={categoryId}
              onChange={(e) => {
                setCategoryId(e.target.value);
                setPostId('');
              }}
            >
              <option value="">{tx('apply.chooseCategory')}</option>
              {detail?.categories?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} {locale === 'en' ? c.nameEn : c.nameZh}（{c.posts}）
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="apply-post">{tx('apply.post')}</label>
            <select
              id="apply-post"
              value={postId}
              onChange={(e) => setPostId(e.target.value)}
              disabled={!categoryId}
            >
              <option value="">{tx('apply.choosePost')}</option>
              {posts?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} {p.title} · {tx('apply.quota', { quota: p.quota })} ·{' '}
                  {p.degreeLevels.length > 0
                    ? p.degreeLevels.map((d) => tx(`degree.${d}` as TextKey)).join('/')
                    : tx('apply.anyDegree')}{' '}
                  · {p.disciplines.join(',')}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary" disabled={busy || !postId}>
            {tx('apply.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ApplicationCard({
  application,
  onChange,
}: {
  application: Application;
  onChange: () => void;
}) {
  const { tx, locale } = useText();
  const { data: detail, reload } = useLoad<Application>(`/applications/${application.id}`);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();

  async function withdraw() {
    const result = await run(() =>
      apiFetch<Application>(`/applications/${application.id}/withdraw`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
      }),
    );
    if (result) {
      reload();
      onChange();
    }
  }

  const current = detail ?? application;
  return (
    <article className="panel" data-testid="application">
      <div className="actions" style={{ justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0 }}>
          {current.campaign.name} · {current.post.code} {current.post.title}
        </h3>
        <StatusBadge status={current.status} label={tx(`status.${current.status}`)} />
      </div>
      <p className="panel-lead">
        {current.category.code}{' '}
        {locale === 'en' ? current.category.nameEn : current.category.nameZh} ·{' '}
        {formatTime(current.submittedAt, locale)}
      </p>
      <h4>
        {tx('apply.verdict')}{' '}
        <StatusBadge
          status={current.eligible ? 'eligible' : 'not-eligible'}
          label={current.eligible ? tx('apply.eligible') : tx('apply.notEligible')}
        />
      </h4>
      <ul className="reasons" data-testid="verdict-reasons">
        {current.reasons.slice(1).map((r) => (
          <li key={r[locale]}>{r[locale]}</li>
        ))}
      </ul>
      {current.decisionReason && (
        <p>
          <strong>{tx('apply.decisionReason')}：</strong>
          {current.decisionReason}
        </p>
      )}
      {current.history && (
        <>
          <h4>{tx('apply.history')}</h4>
          <ol className="timeline">
            {current.history.map((h) => (
              <li key={`${h.status}-${h.occurredAt}`}>
                {formatTime(h.occurredAt, locale)} · {tx(`status.${h.status}` as TextKey)}
                {h.reason ? ` · ${h.reason}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
      <ErrorNotice error={error} />
      {current.status === 'submitted' && (
        <div className="actions">
          <div className="field">
            <label htmlFor={`withdraw-${current.id}`}>{tx('apply.withdrawReason')}</label>
            <input
              id={`withdraw-${current.id}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void withdraw()}
          >
            {tx('apply.withdraw')}
          </button>
        </div>
      )}
    </article>
  );
}

export default function ApplicationsPage() {
  const { tx } = useText();
  const { data: campaigns, error } = useLoad<Campaign[]>('/campaigns');
  const { data: mine, reload } = useLoad<Application[]>('/applications');
  const open = (campaigns ?? []).filter((c) => c.registrationOpen);
  const appliedIn = new Set(
    (mine ?? []).filter((a) => a.status !== 'withdrawn').map((a) => a.campaign.id),
  );

  return (
    <section>
      <header className="page-header">
        <h1>{tx('apply.title')}</h1>
        <p className="page-lead">{tx('apply.profileFirst')}</p>
      </header>
      <ErrorNotice error={error} />
      <h2>{tx('apply.mine')}</h2>
      {mine && mine.length === 0 && <p>{tx('apply.none')}</p>}
      {mine?.map((a) => (
        <ApplicationCard key={`${a.id}-${a.status}`} application={a} onChange={reload} />
      ))}
      <h2>{tx('apply.campaigns')}</h2>
      {campaigns && open.length === 0 && <p>{tx('apply.noCampaign')}</p>}
      {open
        .filter((c) => !appliedIn.has(c.id))
        .map((c) => (
          <ApplyForm key={c.id} campaign={c} onApplied={reload} />
        ))}
    </section>
  );
}
