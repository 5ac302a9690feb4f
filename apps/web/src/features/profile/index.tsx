import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import { useText } from '../applications/messages';
import type { TextKey } from '../applications/messages';
import {
  downloadFile,
  ErrorNotice,
  formatTime,
  uploadForm,
  useAction,
  useLoad,
} from '../applications/shared';
import type { DocumentInfo } from '../applications/shared';

interface Profile {
  fullName: string;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string | null;
  email: string | null;
}

interface Education {
  id: string;
  degree: 'bachelor' | 'master' | 'phd';
  universityName: string;
  universityTier: string;
  disciplineCode: string;
  major: string;
  graduationDate: string;
}

interface University {
  nameZh: string;
  nameEn: string;
}

interface Discipline {
  code: string;
  level: 'category' | 'discipline';
  nameZh: string;
  nameEn: string;
}

const PHONE = /^1[3-9]\d{9}$/;

function ProfileForm() {
  const { tx } = useText();
  const { data, error, reload } = useLoad<{ profile: Profile | null; account: string }>('/profile');
  // The form appears only once the stored profile is in: filling it from a late
  // answer would wipe what the user had already typed.
  if (!data) {
    return (
      <section className="panel" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{tx('profile.title')}</h2>
        {error ? <p role="alert">{error}</p> : <p aria-busy="true">{tx('common.loading')}</p>}
      </section>
    );
  }
  return <LoadedProfileForm profile={data.profile} account={data.account} reload={reload} />;
}

function LoadedProfileForm({
  profile,
  account,
  reload,
}: {
  profile: Profile | null;
  account: string;
  reload: () => void;
}) {
  const { tx } = useText();
  const [form, setForm] = useState(() => ({
    fullName: profile?.fullName ?? '',
    idNumber: profile?.idNumber ?? '',
    phone: profile?.phone ?? (PHONE.test(account) ? account : ''),
    email: profile?.email ?? (account.includes('@') ? account : ''),
  }));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = {
      fullName: form.fullName,
      idNumber: form.idNumber,
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
    };
    const result = await run(() => apiFetch<Profile>('/profile', { method: 'PUT', body }));
    if (result) {
      setSaved(true);
      reload();
    }
  }

  const field = (key: keyof typeof form, label: TextKey, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`profile-${key}`}>{tx(label)}</label>
      <input
        id={`profile-${key}`}
        autoComplete={autoComplete}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{tx('profile.title')}</h2>
      <p className="panel-lead">{tx('profile.lead')}</p>
      <ErrorNotice error={error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          {field('fullName', 'profile.fullName', 'name')}
          {field('idNumber', 'profile.idNumber', 'off')}
          {field('phone', 'profile.phone', 'tel')}
          {field('email', 'profile.email', 'email')}
        </div>
        {profile && (
          <p className="field-hint" data-testid="profile-derived">
            {tx('profile.derived', { birthDate: profile.birthDate, sex: tx(`sex.${profile.sex}`) })}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {tx('common.save')}
          </button>
          {saved && <span role="status">{tx('common.saved')}</span>}
        </div>
      </form>
    </section>
  );
}

function EducationSection() {
  const { tx, locale } = useText();
  const { data: records, reload } = useLoad<Education[]>('/profile/education');
  const { data: universities } = useLoad<University[]>('/reference/universities');
  const { data: disciplines } = useLoad<Discipline[]>('/reference/disciplines');
  const [form, setForm] = useState({
    degree: 'master',
    universityName: '',
    disciplineCode: '',
    major: '',
    graduationDate: '',
  });
  const { busy, error, run } = useAction();

  async function add(event: FormEvent) {
    event.preventDefault();
    const body = { ...form, major: form.major.trim() || undefined };
    const result = await run(() =>
      apiFetch<Education>('/profile/education', { method: 'POST', body }),
    );
    if (result) {
      setForm({ ...form, universityName: '', disciplineCode: '', major: '', graduationDate: '' });
      reload();
    }
  }

  async function remove(id: string) {
    await run(() => apiFetch<void>(`/profile/education/${id}`, { method: 'DELETE' }));
    reload();
  }

  const name = (d: Discipline) => (locale === 'en' ? d.nameEn : d.nameZh);
  return (
    <section className="panel" aria-labelledby="education-heading">
      <h2 id="education-heading">{tx('profile.education')}</h2>
      <p className="panel-lead">{tx('profile.educationLead')}</p>
      {records && records.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{tx('profile.degree')}</th>
                <th>{tx('profile.university')}</th>
                <th>{tx('profile.discipline')}</th>
                <th>{tx('profile.graduationDate')}</th>
                <th>{tx('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id}>
                  <td>{tx(`degree.${r.degree}`)}</td>
                  <td>
                    {r.universityName}{' '}
                    <span className="status-badge">
                      {tx(`tier.${r.universityTier}` as TextKey)}
                    </span>
                  </td>
                  <td>
                    {r.disciplineCode} {r.major}
                  </td>
                  <td>{r.graduationDate}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-ghost"
                      onClick={() => void remove(r.id)}
                    >
                      {tx('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorNotice error={error} />
      <form className="form" onSubmit={add} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="edu-degree">{tx('profile.degree')}</label>
            <select
              id="edu-degree"
              value={form.degree}
              onChange={(e) => setForm({ ...form, degree: e.target.value })}
            >
              {(['phd', 'master', 'bachelor'] as const).map((d) => (
                <option key={d} value={d}>
                  {tx(`degree.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="edu-university">{tx('profile.university')}</label>
            <input
              id="edu-university"
              list="university-list"
              value={form.universityName}
              onChange={(e) => setForm({ ...form, universityName: e.target.value })}
            />
            <datalist id="university-list">
              {universities?.map((u) => (
                <option key={u.nameZh} value={locale === 'en' ? u.nameEn : u.nameZh} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="edu-discipline">{tx('profile.discipline')}</label>
            <select
              id="edu-discipline"
              value={form.disciplineCode}
              onChange={(e) => setForm({ ...form, disciplineCode: e.target.value })}
            >
              <option value="">—</option>
              {disciplines
                ?.filter((d) => d.level === 'discipline')
                .map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} {name(d)}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="edu-major">{tx('profile.major')}</label>
            <input
              id="edu-major"
              value={form.major}
              onChange={(e) => setForm({ ...form, major: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="edu-graduation">{tx('profile.graduationDate')}</label>
            <input
              id="edu-graduation"
              type="date"
              value={form.graduationDate}
              onChange={(e) => setForm({ ...form, graduationDate: e.target.value })}
            />
          </div>
          <button type="submit" className="button button-secondary" disabled={busy}>
            {tx('common.add')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DocumentsSection() {
  const { tx, locale } = useText();
  const { data: documents, reload } = useLoad<DocumentInfo[]>('/documents');
  const [kind, setKind] = useState('degree_certificate');
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const { busy, error, run } = useAction();

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    const result = await run(() => uploadForm<DocumentInfo>('/documents', form));
    if (result) {
      setFile(null);
      setInputKey((k) => k + 1);
      reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{tx('profile.documents')}</h2>
      <p className="panel-lead">{tx('profile.documentsLead')}</p>
      {documents && documents.length > 0 && (
        <ul className="reasons" data-testid="documents">
          {documents.map((d) => (
            <li key={d.id}>
              {tx(`doc.${d.kind}` as TextKey)} · {d.originalName} · {Math.ceil(d.sizeBytes / 1024)}{' '}
              KB · {formatTime(d.createdAt, locale)}{' '}
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
      )}
      <ErrorNotice error={error} />
      <form className="form" onSubmit={upload}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="doc-kind">{tx('profile.kind')}</label>
            <select id="doc-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {(['degree_certificate', 'id_card', 'other'] as const).map((k) => (
                <option key={k} value={k}>
                  {tx(`doc.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="doc-file">{tx('profile.file')}</label>
            <input
              key={inputKey}
              id="doc-file"
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <button type="submit" className="button button-secondary" disabled={busy || !file}>
            {tx('profile.upload')}
          </button>
        </div>
      </form>
    </section>
  );
}

export default function ProfilePage() {
  const { tx } = useText();
  return (
    <section>
      <header className="page-header">
        <h1>{tx('profile.title')}</h1>
      </header>
      <ProfileForm />
      <EducationSection />
      <DocumentsSection />
    </section>
  );
}
