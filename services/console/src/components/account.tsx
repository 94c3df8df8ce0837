import { useLocation } from 'react-router';
import { beginSignIn } from '../auth/oidc';
import { signOut } from '../auth/session';
import { useClaims } from '../auth/use-session';
import { useConfig } from '../config-context';
import { useLang } from '../i18n';

export function AccountMenu() {
  const { t, lang } = useLang();
  const claims = useClaims();
  const config = useConfig();
  const location = useLocation();
  if (claims) {
    return (
      <div className="account">
        <span data-testid="signed-in-as">
          {claims.username}
          {claims.jurisdiction ? ` · ${claims.jurisdiction}` : ''}
        </span>
        <button type="button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </div>
    );
  }
  return (
    <div className="account">
      <button
        type="button"
        disabled={!config}
        title={config ? undefined : t('signInUnavailable')}
        onClick={() => config && void beginSignIn(config, location.pathname + location.search, lang)}
      >
        {t('signIn')}
      </button>
    </div>
  );
}
