import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useClaims } from '../auth/use-session';
import { useLang } from '../i18n';
import { allowed, ROUTES } from '../routes';
import { AccountMenu } from './account';
import { LanguageSwitch } from './language-switch';
import { MajorBanner } from './major-banner';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useLang();
  const claims = useClaims();
  const links = ROUTES.filter((r) => r.nav && allowed(r, claims?.roles ?? []));
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <span className="brand">{t('brand')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map((r) => (
              <li key={r.path}>
                <NavLink to={r.path} end={r.path === '/'}>
                  {t(r.nav as string)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageSwitch />
        <AccountMenu />
      </header>
      <MajorBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
