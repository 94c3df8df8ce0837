import { useLocation } from 'react-router';
import { byId, useJurisdictions } from '../api/lists';
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
          {claims.jurisdiction ? <JurisdictionName id={claims.jurisdiction} /> : null}
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

/** " · " and the jurisdiction's name in the chosen script (its id until the list loads). */
function JurisdictionName({ id }: { id: string }) {
  const { l } = useLang();
  return <>{` · ${l(byId(useJurisdictions(), id)?.name) || id}`}</>;
}
