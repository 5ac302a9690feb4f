import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, apiFetch } from '../../api';
import { useText } from '../applications/messages';
import { ErrorNotice, useAction } from '../applications/shared';
import type { Category, Post } from '../applications/shared';
import type { TranslateParams } from '../../i18n';
import { useCampaignsText } from './campaigns-text';
import type { CampaignsTextKey } from './campaigns-text';

const DEGREES = ['phd', 'master', 'bachelor'] as const;

/** An inline confirmation: nothing is deleted until the user confirms here. */
export function ConfirmDelete({
  text,
  busy,
  onConfirm,
  onCancel,
}: {
  text: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { ct } = useCampaignsText();
  return (
    <div
      className="notice notice-info confirm-delete"
      role="alertdialog"
      aria-label={ct('edit.confirmTitle')}
    >
      <p>{text}</p>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={onConfirm}>
          {ct('edit.confirmDelete')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {ct('edit.cancel')}
        </button>
      </div>
    </div>
  );
}

export interface DeleteFailure {
  text: string;
  hint: string | null;
}

/** What to show when a delete fails: the API's words, plus why for "in use". */
export function deleteFailure(
  error: unknown,
  inUseHint: string,
): { message: string; hint: string | null } {
  if (error instanceof ApiError) {
    return { message: error.message, hint: error.code === 'IN_USE' ? inUseHint : null };
  }
  return { message: error instanceof Error ? error.message : String(error), hint: null };
}

const CATEGORY_USES = [
  'posts',
  'applications',
  'sessions',
  'questionSets',
  'rubrics',
  'publications',
] as const;

/**
 * Why a category cannot go, with the counts its IN_USE refusal carries ("1 个岗位、2 个面试场次");
 * the general reason when the refusal carries no counts.
 */
export function categoryInUseHint(
  error: unknown,
  ct: (key: CampaignsTextKey, params?: TranslateParams) => string,
): string {
  const details = error instanceof ApiError ? error.details : undefined;
  if (typeof details !== 'object' || details === null) return ct('edit.categoryInUse');
  const counts = details as Record<string, unknown>;
  const uses = CATEGORY_USES.flatMap((use) => {
    const n = counts[use];
    return typeof n === 'number' && n > 0 ? [ct(`edit.use.${use}`, { n })] : [];
  });
  return uses.length === 0
    ? ct('edit.categoryInUse')
    : ct('edit.categoryInUseCounts', { uses: uses.join(ct('edit.use.separator')) });
}

export function DeleteFailureNotice({ failure }: { failure: DeleteFailure | null }) {
  if (!failure) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{failure.text}</p>
      {failure.hint && <p>{failure.hint}</p>}
    </div>
  );
}

/** Edits one post in place (the code is fixed once created; everything else may change). */
export function PostEditor({
  campaignId,
  post,
  categories,
  onSaved,
  onCancel,
}: {
  campaignId: string;
  post: Post;
  categories: Category[];
  onSaved: (post: Post) => void;
  onCancel: () => void;
}) {
  const { tx, locale } = useText();
  const { ct } = useCampaignsText();
  const [form, setForm] = useState({
    categoryId: post.categoryId,
    title: post.title,
    quota: String(post.quota),
    degreeLevels: post.degreeLevels,
    disciplines: post.disciplines.join(', '),
    requirements: post.requirements,
  });
  const { busy, error, run } = useAction();
  const errorsOf = (field: string) => error?.messagesFor(field) ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      categoryId: form.categoryId,
      title: form.title.trim(),
      quota: Number(form.quota),
      degreeLevels: form.degreeLevels,
      disciplines: form.disciplines.split(/[,，\s]+/).filter(Boolean),
      requirements: form.requirements,
    };
    const saved = await run(() =>
      apiFetch<Post>(`/campaigns/${campaignId}/posts/${post.id}`, { method: 'PATCH', body }),
    );
    if (saved) onSaved(saved);
  }

  const fieldError = (field: string) =>
    errorsOf(field).map((m) => (
      <p key={m} className="field-error">
        {m}
      </p>
    ));
  const id = (name: string) => `edit-post-${post.id}-${name}`;
  return (
    <form
      className="form"
      onSubmit={(e) => void submit(e)}
      aria-label={ct('edit.editPost', { code: post.code })}
      noValidate
    >
      <h3>{ct('edit.editPost', { code: post.code })}</h3>
      {error && error.fieldErrors.length === 0 && <ErrorNotice error={error} />}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={id('category')}>{tx('apply.category')}</label>
          <select
            id={id('category')}
            value={form.categoryId}
            onChange={(e) => setForm({ ...form, categoryId: e.target.value })}
          >
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} {locale === 'en' ? c.nameEn : c.nameZh}
              </option>
            ))}
          </select>
          {fieldError('categoryId')}
        </div>
        <div className="field">
          <label htmlFor={id('title')}>{tx('campaigns.postTitle')}</label>
          <input
            id={id('title')}
            value={form.title}
            aria-invalid={errorsOf('title').length > 0}
            onChange={(e) => setForm({ ...form, title: e.target.value })}
          />
          {fieldError('title')}
        </div>
        <div className="field">
          <label htmlFor={id('quota')}>{tx('campaigns.quota')}</label>
          <input
            id={id('quota')}
            type="number"
            min={1}
            value={form.quota}
            aria-invalid={errorsOf('quota').length > 0}
            onChange={(e) => setForm({ ...form, quota: e.target.value })}
          />
          {fieldError('quota')}
        </div>
        <fieldset className="field">
          <legend>{tx('campaigns.degreeLevels')}</legend>
          {DEGREES.map((d) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={form.degreeLevels.includes(d)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    degreeLevels: e.target.checked
                      ? [...form.degreeLevels, d]
                      : form.degreeLevels.filter((x) => x !== d),
                  })
                }
              />{' '}
              {tx(`degree.${d}`)}
            </label>
          ))}
          {fieldError('degreeLevels')}
        </fieldset>
        <div className="field">
          <label htmlFor={id('disciplines')}>{tx('campaigns.disciplines')}</label>
          <input
            id={id('disciplines')}
            value={form.disciplines}
            aria-invalid={errorsOf('disciplines').length > 0}
            onChange={(e) => setForm({ ...form, disciplines: e.target.value })}
          />
          {fieldError('disciplines')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={id('requirements')}>{ct('edit.requirements')}</label>
        <textarea
          id={id('requirements')}
          value={form.requirements}
          onChange={(e) => setForm({ ...form, requirements: e.target.value })}
        />
        {fieldError('requirements')}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {ct('edit.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {ct('edit.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The campaign view's category carries its order too (the shared type leaves it out). */
export type EditableCategory = Category & { sortOrder?: number };

/** Renames (zh-CN and English) and reorders one category; its catalogue code is fixed. */
export function CategoryEditor({
  campaignId,
  category,
  onSaved,
  onCancel,
}: {
  campaignId: string;
  category: EditableCategory;
  onSaved: (category: EditableCategory) => void;
  onCancel: () => void;
}) {
  const { ct } = useCampaignsText();
  const [form, setForm] = useState(() => ({
    nameZh: category.nameZh,
    nameEn: category.nameEn,
    sortOrder: String(category.sortOrder ?? Number(category.code)),
  }));
  const { busy, error, run } = useAction();
  const errorsOf = (field: string) => error?.messagesFor(field) ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      nameZh: form.nameZh,
      nameEn: form.nameEn,
      // An empty or non-numeric order goes as typed, for the API to name the field.
      sortOrder: form.sortOrder.trim() === '' ? form.sortOrder : Number(form.sortOrder),
    };
    const saved = await run(() =>
      apiFetch<EditableCategory>(`/campaigns/${campaignId}/categories/${category.id}`, {
        method: 'PATCH',
        body,
      }),
    );
    if (saved) onSaved(saved);
  }

  const id = (name: string) => `edit-category-${category.id}-${name}`;
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={id(key)}>{label}</label>
      <input
        id={id(key)}
        type={type}
        value={form[key]}
        aria-invalid={errorsOf(key).length > 0}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {errorsOf(key).map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
    </div>
  );
  return (
    <form
      className="form"
      onSubmit={(e) => void submit(e)}
      aria-label={ct('edit.editCategory', { code: category.code })}
      noValidate
    >
      <h3>{ct('edit.editCategory', { code: category.code })}</h3>
      {error && error.fieldErrors.length === 0 && <ErrorNotice error={error} />}
      <div className="form-grid">
        {field('nameZh', ct('edit.nameZh'))}
        {field('nameEn', ct('edit.nameEn'))}
        {field('sortOrder', ct('edit.sortOrder'), 'number')}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {ct('edit.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {ct('edit.cancel')}
        </button>
      </div>
    </form>
  );
}
