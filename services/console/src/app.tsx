import { Route, Routes } from 'react-router';
import { useClaims } from './auth/use-session';
import { Layout } from './components/layout';
import { SignInRequired } from './components/sign-in-required';
import type { ConsoleConfig } from './config';
import { ConfigContext } from './config-context';
import { useLang } from './i18n';
import { allowed, ROUTES } from './routes';

export function App({ config }: { config: ConsoleConfig | null }) {
  const claims = useClaims();
  const { t } = useLang();
  return (
    <ConfigContext.Provider value={config}>
      <Layout>
        <Routes>
          {ROUTES.map((route) => (
            <Route
              key={route.path}
              path={route.path}
              element={allowed(route, claims?.roles ?? []) ? route.element : <SignInRequired />}
            />
          ))}
          <Route path="*" element={<p role="alert">{t('notFound')}</p>} />
        </Routes>
      </Layout>
    </ConfigContext.Provider>
  );
}
