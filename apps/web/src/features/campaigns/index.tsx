import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import type { PageProps } from '../../navigation';
import { Link, navigate } from '../../router';
import { useText } from '../applications/messages';
import type { TextKey } from '../applications/messages';
import { ErrorNotice, formatTime, StatusBadge, useAction, useLoad } from '../applications/shared';
import type { Campaign, Category, Post } from '../applications/shared';
import { useCampaignsText } from './campaigns-text';
import {
  categoryInUseHint,
  CategoryEditor,
  ConfirmDelete,
  DeleteFailureNotice,
  deleteFailure,
  PostEditor,
} from './editing';
import type { DeleteFailure } from './editing';
import { fromBeijingInput, toBeijingInput } from '../../beijing-time';

const STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
const DEFAULT_RULE =
  '{"anyOf":[{"degree":"phd"},{"degree":"master","universityTier":["985","211","double_first_class"]},{"degree":"bachelor","universityTier":["double_first_class"]}]}';

/** An input's Beijing time as an ISO instant; an empty input leaves the field out. */
const fromInput = (value: string) => fromBeijingInput(value) || undefined;

interface CampaignForm {
  name: string;
  description: string;
  announcement: string;
  opens: string;
  closes: string;
  interviewStarts: string;
  interviewEnds: string;
  status: string;
  rule: string;
}

function formOf(campaign: Campaign | null): CampaignForm {
  return {
    name: campaign?.name ?? '',
    description: campaign?.description ?? '',
    announcement: campaign?.announcement ?? '',
    opens: toBeijingInput(campaign?.registrationOpensAt ?? null),
    closes: toBeijingInput(campaign?.registrationClosesAt ?? null),
    interviewStarts: toBeijingInput(campaign?.interviewStartsAt ?? null),
    interviewEnds: toBeijingInput(campaign?.interviewEndsAt ?? null),
    status: campaign?.status ?? 'draft',
    rule: campaign ? JSON.stringify(campaign.eligibilityRule) : DEFAULT_RULE,
  };
}

function CampaignEditor({
  campaign,
  onSaved,
}: {
  campaign: Campaign | null;
  onSaved: (c: Campaign) => void;
}) {
  const { tx } = useText();
  // The form starts from the campaign as loaded and is never refilled by a later load (a
  // reload after adding a post would otherwise wipe what the user is typing); the caller
  // renders it only once the campaign is in, keyed by its id.
  const [form, setForm] = useState<CampaignForm>(() => formOf(campaign));
  const [ruleError, setRuleError] = useState(false);
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let rule: unknown;
    try {
      rule = JSON.parse(form.rule);
      setRuleError(false);
    } catch {
      setRuleError(true);
      return;
    }
    const body = {
      name: form.name,
      description: form.description,
      announcement: form.announcement,
      registrationOpensAt: fromInput(form.opens),
      registrationClosesAt: fromInput(form.closes),
      interviewStartsAt: fromInput(form.interviewStarts),
      interviewEndsAt: fromInput(form.interviewEnds),
      status: form.status,
      eligibilityRule: rule,
    };
    const saved = await run(() =>
      campaign
        ? apiFetch<Campaign>(`/campaigns/${campaign.id}`, { method: 'PATCH', body })
        : apiFetch<Campaign>('/campaigns', { method: 'POST', body }),
    );
    if (saved) onSaved(saved);
  }

  const input = (key: keyof CampaignForm, label: TextKey, type = 'text') => (
    <div className="field">
      <label htmlFor={`campaign-${key}`}>{tx(label)}</label>
      <input
        id={`campaign-${key}`}
        type={type}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <form className="form panel" onSubmit={submit} noValidate>
      <h2>{campaign ? campaign.name : tx('campaigns.new')}</h2>
      <ErrorNotice error={error} />
      <div className="form-grid">
        {input('name', 'campaigns.name')}
        {input('opens', 'campaigns.opensAt', 'datetime-local')}
        {input('closes', 'campaigns.closesAt', 'datetime-local')}
        {input('interviewStarts', 'campaigns.interviewStarts', 'datetime-local')}
        {input('interviewEnds', 'campaigns.interviewEnds', 'datetime-local')}
        <div className="field">
          <label htmlFor="campaign-status">{tx('campaigns.status')}</label>
          <select
            id="campaign-status"
            value={form.status}
            onChange={(e) => setForm({ ...form, status: e.target.value })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tx(`campaignStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="campaign-description">{tx('campaigns.description')}</label>
        <textarea
          id="campaign-description"
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="campaign-announcement">{tx('campaigns.announcement')}</label>
        <textarea
          id="campaign-announcement"
          value={form.announcement}
          onChange={(e) => setForm({ ...form, announcement: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="campaign-rule">{tx('campaigns.rule')}</label>
        <textarea
          id="campaign-rule"
          value={form.rule}
          aria-invalid={ruleError}
          onChange={(e) => setForm({ ...form, rule: e.target.value })}
        />
        <p className="field-hint">{tx('campaigns.ruleHelp')}</p>
        {ruleError && <p className="field-error">{tx('campaigns.ruleInvalid')}</p>}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {tx('common.save')}
        </button>
      </div>
    </form>
  );
}

function CampaignDetail({ id }: { id: string }) {
  const { tx, locale } = useText();
  const { data: campaign, error, reload } = useLoad<Campaign>(`/campaigns/${id}`);
  const { data: disciplines } =
    useLoad<{ code: string; level: string; nameZh: string; nameEn: string }[]>(
      '/reference/disciplines',
    );
  const { data: posts, reload: reloadPosts } = useLoad<{ total: number; items: Post[] }>(
    `/campaigns/${id}/posts`,
  );
  const [categoryCode, setCategoryCode] = useState('');
  const [post, setPost] = useState({
    categoryId: '',
    code: '',
    title: '',
    quota: '1',
    degreeLevels: [] as string[],
    disciplines: '',
    requirements: '',
  });
  const action = useAction();
  const { ct } = useCampaignsText();
  const [editingPost, setEditingPost] = useState<string | null>(null);
  const [editingCategory, setEditingCategory] = useState<string | null>(null);
  const [pending, setPending] = useState<
    { kind: 'post'; post: Post } | { kind: 'category'; category: Category } | null
  >(null);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<(DeleteFailure & { kind: string }) | null>(null);
  const [done, setDone] = useState<{ kind: string; text: string } | null>(null);

  function ask(next: NonNullable<typeof pending>) {
    setFailure(null);
    setDone(null);
    setPending(next);
  }

  async function confirmDelete() {
    if (!pending) return;
    setDeleting(true);
    const target = pending;
    const path =
      target.kind === 'post'
        ? `/campaigns/${id}/posts/${target.post.id}`
        : `/campaigns/${id}/categories/${target.category.id}`;
    const name =
      target.kind === 'category'
        ? `${target.category.code} ${locale === 'en' ? target.category.nameEn : target.category.nameZh}`
        : '';
    try {
      await apiFetch(path, { method: 'DELETE' });
      setDone({
        kind: target.kind,
        text:
          target.kind === 'post'
            ? ct('edit.deletedPost', { code: target.post.code })
            : ct('edit.deletedCategory', { name }),
      });
      reload();
      reloadPosts();
    } catch (e) {
      const { message, hint } = deleteFailure(
        e,
        target.kind === 'post' ? ct('edit.postInUse') : categoryInUseHint(e, ct),
      );
      setFailure({
        kind: target.kind,
        text:
          target.kind === 'post'
            ? ct('edit.deletePostFailed', { code: target.post.code, message })
            : ct('edit.deleteCategoryFailed', { name, message }),
        hint,
      });
    } finally {
      setDeleting(false);
      setPending(null);
    }
  }

  const confirmation = (kind: 'post' | 'category') =>
    pending?.kind === kind ? (
      <ConfirmDelete
        text={
          pending.kind === 'post'
            ? ct('edit.confirmPost', { code: pending.post.code, title: pending.post.title })
            : ct('edit.confirmCategory', {
                name: `${pending.category.code} ${locale === 'en' ? pending.category.nameEn : pending.category.nameZh}`,
              })
        }
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setPending(null)}
      />
    ) : null;
  const outcome = (kind: 'post' | 'category') => (
    <>
      {failure?.kind === kind && <DeleteFailureNotice failure={failure} />}
      {done?.kind === kind && !failure && pending === null && (
        <p className="notice notice-info" role="status">
          {done.text}
        </p>
      )}
    </>
  );

  async function addCategory(event: FormEvent) {
    event.preventDefault();
    if (!categoryCode) return;
    if (
      await action.run(() =>
        apiFetch(`/campaigns/${id}/categories`, { method: 'POST', body: { code: categoryCode } }),
      )
    )
      reload();
  }

  async function addPost(event: FormEvent) {
    event.preventDefault();
    const body = {
      categoryId: post.categoryId,
      code: post.code.trim(),
      title: post.title.trim(),
      quota: Number(post.quota),
      degreeLevels: post.degreeLevels,
      disciplines: post.disciplines.split(/[,，\s]+/).filter(Boolean),
      requirements: post.requirements,
    };
    if (await action.run(() => apiFetch(`/campaigns/${id}/posts`, { method: 'POST', body }))) {
      setPost({ ...post, code: '', title: '' });
      reload();
      reloadPosts();
    }
  }

  const categoryName = (categoryId: string) => {
    const c = campaign?.categories?.find((x) => x.id === categoryId);
    return c ? `${c.code} ${locale === 'en' ? c.nameEn : c.nameZh}` : '';
  };
  return (
    <section>
      <p>
        <Link to="/campaigns">← {tx('common.back')}</Link>
      </p>
      <ErrorNotice error={error} />
      {campaign ? (
        <CampaignEditor key={campaign.id} campaign={campaign} onSaved={() => reload()} />
      ) : (
        !error && <p aria-busy="true">{tx('common.loading')}</p>
      )}
      <section className="panel">
        <h2>{tx('campaigns.categories')}</h2>
        <ul className="reasons">
          {campaign?.categories?.map((c) =>
            editingCategory === c.id ? (
              <li key={c.id} data-testid={`category-${c.code}`}>
                <CategoryEditor
                  campaignId={id}
                  category={c}
                  onSaved={(saved) => {
                    setEditingCategory(null);
                    setFailure(null);
                    setDone({
                      kind: 'category',
                      text: ct('edit.savedCategory', {
                        name: `${saved.code} ${locale === 'en' ? saved.nameEn : saved.nameZh}`,
                      }),
                    });
                    reload();
                  }}
                  onCancel={() => setEditingCategory(null)}
                />
              </li>
            ) : (
              <li key={c.id} data-testid={`category-${c.code}`}>
                {c.code} {locale === 'en' ? c.nameEn : c.nameZh} ·{' '}
                {tx('campaigns.postCount', { posts: c.posts, quota: c.quota })}{' '}
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => {
                    setFailure(null);
                    setDone(null);
                    setEditingCategory(c.id);
                  }}
                >
                  {ct('edit.edit')}
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => ask({ kind: 'category', category: c })}
                >
                  {ct('edit.delete')}
                </button>
              </li>
            ),
          )}
        </ul>
        {confirmation('category')}
        {outcome('category')}
        <ErrorNotice error={action.error} />
        <form className="actions" onSubmit={addCategory}>
          <div className="field">
            <label htmlFor="category-code">{tx('campaigns.addCategory')}</label>
            <select
              id="category-code"
              value={categoryCode}
              onChange={(e) => setCategoryCode(e.target.value)}
            >
              <option value="">—</option>
              {disciplines
                ?.filter((d) => d.level === 'category')
                .map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} {locale === 'en' ? d.nameEn : d.nameZh}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary" disabled={action.busy}>
            {tx('common.add')}
          </button>
        </form>
      </section>
      <section className="panel">
        <h2>
          {tx('campaigns.posts')}（{posts?.total ?? 0}）
        </h2>
        <form className="form" onSubmit={addPost}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="post-category">{tx('apply.category')}</label>
              <select
                id="post-category"
                value={post.categoryId}
                onChange={(e) => setPost({ ...post, categoryId: e.target.value })}
              >
                <option value="">—</option>
                {campaign?.categories?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} {locale === 'en' ? c.nameEn : c.nameZh}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="post-code">{tx('campaigns.postCode')}</label>
              <input
                id="post-code"
                value={post.code}
                onChange={(e) => setPost({ ...post, code: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="post-title">{tx('campaigns.postTitle')}</label>
              <input
                id="post-title"
                value={post.title}
                onChange={(e) => setPost({ ...post, title: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="post-quota">{tx('campaigns.quota')}</label>
              <input
                id="post-quota"
                type="number"
                min={1}
                value={post.quota}
                onChange={(e) => setPost({ ...post, quota: e.target.value })}
              />
            </div>
            <fieldset className="field">
              <legend>{tx('campaigns.degreeLevels')}</legend>
              {(['phd', 'master', 'bachelor'] as const).map((d) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    checked={post.degreeLevels.includes(d)}
                    onChange={(e) =>
                      setPost({
                        ...post,
                        degreeLevels: e.target.checked
                          ? [...post.degreeLevels, d]
                          : post.degreeLevels.filter((x) => x !== d),
                      })
                    }
                  />{' '}
                  {tx(`degree.${d}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="post-disciplines">{tx('campaigns.disciplines')}</label>
              <input
                id="post-disciplines"
                value={post.disciplines}
                onChange={(e) => setPost({ ...post, disciplines: e.target.value })}
              />
            </div>
            <button type="submit" className="button button-secondary" disabled={action.busy}>
              {tx('campaigns.addPost')}
            </button>
          </div>
        </form>
        {confirmation('post')}
        {outcome('post')}
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{tx('campaigns.postCode')}</th>
                <th>{tx('campaigns.postTitle')}</th>
                <th>{tx('apply.category')}</th>
                <th>{tx('campaigns.quota')}</th>
                <th>{tx('campaigns.degreeLevels')}</th>
                <th>{tx('campaigns.disciplines')}</th>
                <th>{tx('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {posts?.items.map((p) =>
                editingPost === p.id ? (
                  <tr key={p.id}>
                    <td colSpan={7}>
                      <PostEditor
                        campaignId={id}
                        post={p}
                        categories={campaign?.categories ?? []}
                        onSaved={(saved) => {
                          setEditingPost(null);
                          setFailure(null);
                          setDone({ kind: 'post', text: ct('edit.saved', { code: saved.code }) });
                          reload();
                          reloadPosts();
                        }}
                        onCancel={() => setEditingPost(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={p.id} data-testid={`post-${p.code}`}>
                    <td>{p.code}</td>
                    <td>{p.title}</td>
                    <td>{categoryName(p.categoryId)}</td>
                    <td>{p.quota}</td>
                    <td>
                      {p.degreeLevels.map((d) => tx(`degree.${d}` as TextKey)).join('、') ||
                        tx('common.any')}
                    </td>
                    <td>{p.disciplines.join(', ') || tx('common.any')}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-ghost"
                        onClick={() => {
                          setFailure(null);
                          setDone(null);
                          setEditingPost(p.id);
                        }}
                      >
                        {ct('edit.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button-ghost"
                        onClick={() => ask({ kind: 'post', post: p })}
                      >
                        {ct('edit.delete')}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}

function CampaignList() {
  const { tx, locale } = useText();
  const { data: campaigns, error } = useLoad<Campaign[]>('/campaigns');
  const [creating, setCreating] = useState(false);
  return (
    <section>
      <header className="page-header actions" style={{ justifyContent: 'space-between' }}>
        <h1>{tx('campaigns.title')}</h1>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setCreating(!creating)}
        >
          {tx('campaigns.new')}
        </button>
      </header>
      <ErrorNotice error={error} />
      {creating && (
        <CampaignEditor campaign={null} onSaved={(c) => navigate(`/campaigns/${c.id}`)} />
      )}
      <div className="table-scroll panel">
        <table className="data-table">
          <thead>
            <tr>
              <th>{tx('campaigns.name')}</th>
              <th>{tx('campaigns.status')}</th>
              <th>{tx('campaigns.opensAt')}</th>
              <th>{tx('campaigns.closesAt')}</th>
              <th>{tx('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns?.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>
                  <StatusBadge status={c.status} label={tx(`campaignStatus.${c.status}`)} />
                </td>
                <td>{formatTime(c.registrationOpensAt, locale)}</td>
                <td>{formatTime(c.registrationClosesAt, locale)}</td>
                <td>
                  <Link to={`/campaigns/${c.id}`}>{tx('campaigns.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function CampaignsPage({ path }: PageProps) {
  const id = path.split('/')[2];
  return id ? <CampaignDetail id={id} /> : <CampaignList />;
}
