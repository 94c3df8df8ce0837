import { useClaims } from '../auth/use-session';
import { useLang } from '../i18n';

export function SignInRequired() {
  const { t } = useLang();
  const claims = useClaims();
  return <p role="alert">{claims ? t('forbidden') : t('signInRequired')}</p>;
}
