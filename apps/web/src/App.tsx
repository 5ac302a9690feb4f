import { lazy, Suspense } from 'react';
import type { User } from './api';
import { useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { HomePage } from './components/HomePage';
import { LoginPage } from './components/LoginPage';
import { StatusPage } from './components/StatusPage';
import { useI18n } from './i18n';
import { canAccess, findNavEntry } from './navigation';
import { Redirect, safeRedirectTarget, useLocation } from './router';

// The phone side camera has no login: its one-time code is the credential.
const SideCameraPage = lazy(() => import('./features/side-camera'));
const PublicDrawPage = lazy(() => import('./features/draw/PublicDrawPage'));

const RegisterPage = lazy(() => import('./features/register'));

function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

/** Pages inside the logged-in layout. */
function Page({ path, user }: { path: string; user: User }) {
  const { t } = useI18n();
  if (path === '/') return <HomePage user={user} />;
  const entry = findNavEntry(path);
  if (!entry) {
    return <StatusPage title={t('notFound.title')} status="404" body={t('notFound.body')} />;
  }
  if (!canAccess(entry, user.roles)) {
    return <StatusPage title={t('forbidden.title')} status="403" body={t('forbidden.body')} />;
  }
  const Component = entry.page;
  return (
    <Suspense fallback={<Loading />}>
      <Component entry={entry} path={path} />
    </Suspense>
  );
}

export function App() {
  const { state } = useAuth();
  const { path, query, href } = useLocation();

  if (path === '/side-camera') {
    return (
      <Suspense fallback={<Loading />}>
        <SideCameraPage />
      </Suspense>
    );
  }

  // Draw records are public: anyone may check them without an account.
  const publicDraw = /^\/draws\/([^/]+)$/.exec(path);
  if (publicDraw) {
    return (
      <Suspense fallback={<Loading />}>
        <PublicDrawPage sessionId={publicDraw[1]} />
      </Suspense>
    );
  }

  if (state.status === 'loading') return <Loading />;

  if (path === '/register') {
    if (state.status === 'authenticated') return <Redirect to="/" />;
    return (
      <Suspense fallback={<Loading />}>
        <RegisterPage />
      </Suspense>
    );
  }

  if (path === '/login') {
    if (state.status === 'authenticated') {
      return <Redirect to={safeRedirectTarget(query.get('next')) ?? '/'} />;
    }
    return <LoginPage sessionExpired={state.reason === 'expired'} />;
  }

  if (state.status === 'anonymous') {
    const keepTarget = state.reason !== 'logout' && path !== '/';
    return <Redirect to={keepTarget ? `/login?next=${encodeURIComponent(href)}` : '/login'} />;
  }

  return (
    <AppLayout user={state.user}>
      <Page path={path} user={state.user} />
    </AppLayout>
  );
}
