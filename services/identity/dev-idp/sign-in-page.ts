/**
 * The dev identity provider's sign-in page: server-rendered HTML with no external asset and no
 * script, a labelled radio group of the demo users and a labelled password field, in English,
 * Traditional or Simplified Chinese. Only the id of the waiting authorisation request travels in
 * the form: the request itself (client, redirect URI, PKCE challenge) stays on the server.
 */
import type { UserIdentity } from '../identities.js';
import { escapeHtml } from './http.js';
import type { Locale } from './locale.js';

const TEXT: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Sign in to GBA Exchange',
    intro: 'Development identity provider. Choose a demo user; every demo user’s password is “demo”.',
    officials: 'Officials',
    staff: 'Auditors and administrators',
    residents: 'Residents',
    user: 'Demo user',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong user or password. Choose a user and type the password “demo”.',
    expired: 'This sign-in page has expired. Go back to the application and sign in again.',
    invalid: 'This sign-in request cannot be served',
    signedOut: 'You are signed out.',
  },
  'zh-Hant': {
    title: '登入大灣區政務交換平台',
    intro: '開發用身分提供者。請選擇示範使用者；所有示範使用者的密碼都是「demo」。',
    officials: '政府人員',
    staff: '審計人員及管理員',
    residents: '居民',
    user: '示範使用者',
    password: '密碼',
    submit: '登入',
    wrong: '使用者或密碼錯誤。請選擇使用者並輸入密碼「demo」。',
    expired: '此登入頁面已逾時。請返回應用程式重新登入。',
    invalid: '無法處理此登入請求',
    signedOut: '您已登出。',
  },
  'zh-Hans': {
    title: '登录大湾区政务交换平台',
    intro: '开发用身份提供者。请选择示范用户；所有示范用户的密码都是“demo”。',
    officials: '政府人员',
    staff: '审计人员及管理员',
    residents: '居民',
    user: '示范用户',
    password: '密码',
    submit: '登录',
    wrong: '用户或密码错误。请选择用户并输入密码“demo”。',
    expired: '此登录页面已过期。请返回应用程序重新登录。',
    invalid: '无法处理此登录请求',
    signedOut: '您已退出登录。',
  },
};

export function text(locale: Locale, key: keyof (typeof TEXT)['en']): string {
  return TEXT[locale][key] as string;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:40rem;margin:2rem auto;padding:0 1rem}
fieldset{border:1px solid #595959;margin:0 0 1rem;padding:.5rem 1rem}legend{font-weight:600}
label{display:inline-block;margin:.15rem 0}input[type=password]{font:inherit;padding:.4rem;border:1px solid #595959}
button{font:inherit;padding:.5rem 1.25rem;background:#0b4f9c;color:#fff;border:0;border-radius:4px}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}.error{color:#a30000;font-weight:600}`;

function page(locale: Locale, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text(locale, 'title'))}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function userGroup(legend: string, users: readonly UserIdentity[], chosen: string | undefined): string {
  if (users.length === 0) return '';
  const items = users.map((u) => {
    const id = `user-${escapeHtml(u.username)}`;
    const detail = u.agency ? ` (${escapeHtml(u.agency)})` : '';
    const checked = u.username === chosen ? ' checked' : '';
    return `<div><input type="radio" name="username" id="${id}" value="${escapeHtml(u.username)}" required${checked}> <label for="${id}">${escapeHtml(u.username)}${detail}</label></div>`;
  });
  return `<fieldset><legend>${escapeHtml(legend)}</legend>${items.join('')}</fieldset>`;
}

export interface SignInPageOptions {
  readonly locale: Locale;
  readonly loginId: string;
  readonly action: string;
  readonly users: readonly UserIdentity[];
  readonly error?: boolean;
  readonly chosen?: string;
}

export function signInPage({ locale, loginId, action, users, error, chosen }: SignInPageOptions) {
  const t = (k: keyof (typeof TEXT)['en']) => escapeHtml(text(locale, k));
  const byRole = (role: string) => users.filter((u) => u.roles.includes(role as UserIdentity['roles'][number]));
  return (nonce: string) =>
    page(
      locale,
      nonce,
      `<h1>${t('title')}</h1><p>${t('intro')}</p>
${error ? `<p class="error" role="alert" id="error">${t('wrong')}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="login" value="${escapeHtml(loginId)}">
<fieldset><legend>${t('user')}</legend>
${userGroup(text(locale, 'officials'), byRole('official'), chosen)}
${userGroup(text(locale, 'staff'), [...byRole('auditor'), ...byRole('admin')], chosen)}
${userGroup(text(locale, 'residents'), byRole('resident'), chosen)}
</fieldset>
<p><label for="password">${t('password')}</label><br><input type="password" id="password" name="password" autocomplete="current-password" required${
        error ? ' aria-describedby="error" aria-invalid="true"' : ''
      }></p>
<p><button type="submit">${t('submit')}</button></p></form>`,
    );
}

/** A page saying why the request stops here (never a redirect to an unchecked URI). */
export function messagePage(locale: Locale, heading: string, detail: string) {
  return (nonce: string) =>
    page(locale, nonce, `<h1>${escapeHtml(heading)}</h1><p role="alert">${escapeHtml(detail)}</p>`);
}
