import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { completeSignIn } from '../auth/oidc';
import { setTokens } from '../auth/session';
import { useConfig } from '../config-context';
import { useLang } from '../i18n';

/** Where the identity provider sends the browser back: exchanges the code, then returns to the page. */
export function CallbackPage() {
  const { t } = useLang();
  const config = useConfig();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!config || started.current) return;
    started.current = true;
    completeSignIn(config, new URLSearchParams(location.search)).then(
      ({ tokens, returnTo }) => {
        setTokens(tokens);
        navigate(returnTo || '/', { replace: true });
      },
      (e: Error) => setError(e.message),
    );
  }, [config, navigate]);
  return error ? <p role="alert">{t('signInFailed', { reason: error })}</p> : <p>{t('signingIn')}</p>;
}
