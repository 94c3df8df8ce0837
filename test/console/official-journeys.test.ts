/**
 * Officials in the console, in a real browser: sign-in through the identity provider (code flow
 * with PKCE), a practice shared by Shenzhen arriving live in Hong Kong's feed, a major announcement
 * from Hong Kong arriving live as a banner in Shenzhen, the session outliving its access token by
 * silent refresh, sign-out. Short-lived tokens (ACCESS_TOKEN_TTL) so refreshes happen during the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launch, screenshot } from './support/browser.js';
import { type ConsolePlatform, startConsolePlatform } from './support/console-platform.js';

const run = browserAvailable();
const TTL_SECONDS = 15;

describe.runIf(run)('officials in the console, in a browser', { timeout: 90_000 }, () => {
  let platform: ConsolePlatform;
  let browser: Browser;
  let sz: Page;
  let hk: Page;
  let shared: string;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startConsolePlatform({ ACCESS_TOKEN_TTL: String(TTL_SECONDS) }),
      launch(),
    ]);
  }, 120_000);
  afterEach(async ({ task }) => {
    // What each person saw when a step failed, beside the run's other screenshots.
    if (task.result?.state !== 'fail') return;
    if (sz) await screenshot(sz, `failed-${task.name.slice(0, 40)}-sz`);
    if (hk) await screenshot(hk, `failed-${task.name.slice(0, 40)}-hk`);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function signIn(locale: string, username: string, signInLabel: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${platform.origin}/`);
    await page.getByRole('button', { name: signInLabel }).click();
    await page.waitForURL(`${platform.idpUrl}/**`);
    await page.getByLabel(new RegExp(`^${username}`)).check();
    await page.getByLabel(/password|密碼|密码/i).fill('demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${platform.origin}/`);
    await page.getByTestId('signed-in-as').getByText(username).waitFor();
    return page;
  }

  const session = (page: Page) =>
    page.evaluate(() => JSON.parse(sessionStorage.getItem('gba.session') ?? 'null') as { accessToken: string } | null);
  const expiryOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { exp: number }).exp * 1000;

  it('signs sz-official in with the code flow, in Simplified Chinese, to the feed of Shenzhen', async () => {
    sz = await signIn('zh-CN', 'sz-official', '登录');
    // The jurisdiction by its name in the chosen script, and every time in Hong Kong time.
    await sz.getByRole('heading', { level: 1, name: '深圳市 的最新动态' }).waitFor();
    await sz.getByTestId('signed-in-as').getByText('sz-official · 深圳市').waitFor();
    await sz.getByTestId('feed').getByRole('listitem').first().waitFor();
    expect(await sz.getByTestId('feed').locator('time').first().textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 香港时间$/,
    );
    expect(await sz.evaluate(() => localStorage.getItem('gba.session'))).toBeNull();
    expect((await session(sz))?.accessToken).toMatch(/^ey/);
    await sz.getByRole('link', { name: '分享做法' }).waitFor();
  });

  it('searches 驾驶执照 signed in, opens the Hong Kong service, and switches to English and back', async () => {
    await sz.getByRole('link', { name: '搜索' }).click();
    await sz.getByLabel('搜索服务、做法及公告').fill('驾驶执照');
    await sz.getByLabel('搜索服务、做法及公告').press('Enter');
    await sz.getByRole('link', { name: '向内地或境外驾驶证持有人直接签发香港正式驾驶执照' }).click();
    await sz.getByRole('heading', { level: 2, name: '申请资格' }).waitFor();
    await sz.getByLabel('语言').selectOption('en');
    await sz.getByRole('heading', { level: 2, name: 'Who is eligible' }).waitFor();
    await sz.getByTestId('signed-in-as').getByText('sz-official').waitFor();
    await sz.getByLabel('Language').selectOption('zh-Hans');
    await sz.getByRole('heading', { level: 2, name: '申请资格' }).waitFor();
  });

  it('signs hk-official in from a second browser context, in English', async () => {
    hk = await signIn('en-HK', 'hk-official', 'Sign in');
    await hk.getByRole('heading', { level: 1, name: 'What is new for Hong Kong SAR' }).waitFor();
    expect(await axeViolations(hk)).toEqual([]);
  });

  it('shares a practice written in Traditional Chinese, converted with OpenCC, and hk-official sees it arrive live', async () => {
    await sz.getByRole('link', { name: '分享做法' }).click();
    await sz.getByRole('heading', { level: 1, name: '分享做法' }).waitFor();
    const fill = async (field: string, en: string, zhHant: string) => {
      await sz.getByLabel(`${field} · English`).fill(en);
      await sz.getByLabel(`${field} · 繁體`).fill(zhHant);
      await sz.getByRole('group', { name: field }).getByRole('button', { name: '繁体 → 简体' }).click();
    };
    await fill('标题', 'Shenzhen kiosks read iAM Smart', '深圳自助服務機支援智方便登入');
    // OpenCC wrote the Simplified text; the author is asked to check it.
    await sz
      .getByLabel('标题 · 简体')
      .and(
        sz.locator(
          '[value="深圳自助服务机支援智方便登录"], [value="深圳自助服务机支持智方便登入"], [value="深圳自助服务机支援智方便登入"]',
        ),
      )
      .waitFor();
    await sz.getByRole('group', { name: '标题' }).getByText('已用 OpenCC 转换,请核对用字。').waitFor();
    for (const field of ['摘要', '问题', '做法', '成效', '经验'])
      await fill(field, `${field} in English`, '跨境辦理更方便');
    await sz.getByLabel('主题').selectOption(['kiosks', 'digital-identity']);
    await sz.getByLabel('借鉴自(做法编号,以逗号分隔)').fill('prac-sz-ishenzhen-single-portal');
    expect(await axeViolations(sz)).toEqual([]);
    await screenshot(sz, 'share-opencc-zh-hans');
    // Saved as a draft first: listed among the agency's drafts, then published from the same form.
    await sz.getByRole('button', { name: '保存草稿' }).click();
    await sz.getByText('草稿已保存。').waitFor();
    await sz
      .getByRole('navigation', { name: '本部门的草稿' })
      .getByRole('link', { name: /深圳自助服务机/ })
      .waitFor();
    await sz.getByRole('button', { name: '发布' }).click();
    await sz.waitForURL(/\/practices\/prac-sz-/);
    shared = new URL(sz.url()).pathname;
    await sz.getByRole('heading', { level: 1, name: /深圳自助服务机/ }).waitFor();

    const arrived = hk.getByTestId('feed').getByRole('link', { name: 'Shenzhen kiosks read iAM Smart' });
    await arrived.waitFor();
    await screenshot(hk, 'feed-live-en');
  });

  it('follows the new practice’s lineage to the one it drew on', async () => {
    await sz.getByTestId('lineage-graph').locator('svg').waitFor();
    await sz.getByRole('list', { name: '源流列表' }).getByRole('link').first().click();
    await sz.waitForURL(/\/practices\/prac-sz-ishenzhen-single-portal$/);
    await sz.getByRole('heading', { level: 1, name: /i深圳/ }).waitFor();
  });

  it('lets hk-official ask the owner and record a pilot, and sz-official answer on the practice page', async () => {
    await hk.getByTestId('feed').getByRole('link', { name: 'Shenzhen kiosks read iAM Smart' }).click();
    await hk.getByRole('heading', { level: 1, name: 'Shenzhen kiosks read iAM Smart' }).waitFor();
    await hk.getByLabel('Your question').fill('How many kiosks read iAM Smart today?');
    await hk.getByRole('form', { name: 'Ask the owner' }).getByRole('button', { name: 'Send' }).click();
    await hk.getByText('Sent to the owning agency.').waitFor();
    await hk
      .getByRole('region', { name: 'Questions and answers' })
      .getByText('How many kiosks read iAM Smart today?')
      .waitFor();
    const adopt = hk.getByRole('form', { name: 'Record an adoption' });
    await adopt.getByLabel('Decision').selectOption('PILOTED');
    await adopt.getByRole('button', { name: 'Record' }).click();
    await adopt.getByText('Recorded.').waitFor();
    await hk.getByText(/Hong Kong.*: piloted/).waitFor();

    await sz.goto(`${platform.origin}${shared}`);
    const thread = sz.getByRole('region', { name: '问答' });
    await thread.getByText('How many kiosks read iAM Smart today?').waitFor();
    await thread.getByLabel('您的回复').fill('十二台,明年增至三十台。');
    await thread.getByRole('button', { name: '发送' }).click();
    await thread.getByText('十二台,明年增至三十台。').waitFor();
  });

  it('shows a version published meanwhile beside my edit, and publishes my edit on top of it', async () => {
    const id = shared.split('/').pop() as string;
    await sz.goto(`${platform.origin}${shared}/edit`);
    await sz.getByRole('heading', { level: 1, name: '编辑做法' }).waitFor();
    await sz.getByLabel('标题 · English').fill('Shenzhen kiosks read iAM Smart and e-ME');
    // A colleague of the same agency publishes version 2 meanwhile, through the API.
    const colleague = await platform.token('sz-official');
    const text = (v: string) => ({ en: v, zhHant: v, zhHans: v });
    const response = await fetch(`${platform.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${colleague}` },
      body: JSON.stringify({
        query: 'mutation($input: SharePracticeInput!) { sharePractice(input: $input) { version } }',
        variables: {
          input: {
            id,
            title: text('Shenzhen kiosks: the colleague’s version'),
            ...Object.fromEntries(['summary', 'problem', 'approach', 'results', 'lessons'].map((f) => [f, text(f)])),
            topics: ['kiosks'],
            expectedVersion: 1,
          },
        },
      }),
    });
    expect(await response.json()).toEqual({ data: { sharePractice: { version: 2 } } });
    await sz.getByRole('button', { name: '发布' }).click();
    const conflict = sz.getByRole('alert').filter({ hasText: '您编辑期间已发布第 2 版' });
    await conflict.waitFor();
    const titleRow = conflict.getByRole('row', { name: /标题/ });
    await titleRow.getByRole('cell', { name: 'Shenzhen kiosks: the colleague’s version' }).waitFor();
    await titleRow.getByRole('cell', { name: /^深圳自助服务机/ }).waitFor();
    await screenshot(sz, 'conflict-zh-hans', conflict);
    await conflict.getByRole('button', { name: '把我的修改套用到第 2 版' }).click();
    await sz.getByRole('button', { name: '发布' }).click();
    await sz.waitForURL(`${platform.origin}${shared}`);
    await sz.getByText('第 3 版').first().waitFor();
  });

  it('publishes a major announcement as hk-official, and the banner appears live for sz-official', async () => {
    await hk.getByRole('link', { name: 'Announcements' }).click();
    const form = hk.getByRole('form', { name: 'Publish for Transport Department' });
    await form.getByLabel('Title · English').fill('Licensing offices closed on 2 December');
    await form.getByLabel('Title · 繁體').fill('牌照事務處十二月二日暫停服務');
    await form.getByLabel('Title · 简体').fill('牌照事务处十二月二日暂停服务');
    await form.getByLabel('Text · English').fill('All four licensing offices are closed for a system upgrade.');
    await form.getByLabel('Text · 繁體').fill('四個牌照事務處因系統升級暫停服務。');
    await form.getByLabel('Text · 简体').fill('四个牌照事务处因系统升级暂停服务。');
    await form.getByLabel('Kind').selectOption('SERVICE_OUTAGE');
    await form.getByLabel('Importance').selectOption('MAJOR');
    await form.getByRole('button', { name: 'Publish' }).click();
    await form.getByText('Published.').waitFor();

    const banner = sz.getByTestId('major-banner');
    await banner.getByRole('link', { name: '牌照事务处十二月二日暂停服务' }).waitFor();
    // The publishing agency by its name in Simplified Chinese, not its id.
    await banner.getByText(/运输署/).waitFor();
    expect(await axeViolations(sz)).toEqual([]);
    await screenshot(sz, 'banner-zh-hans');
  });

  it('keeps the session alive past the access token’s lifetime by refreshing it silently', async () => {
    const first = (await session(sz))?.accessToken as string;
    const firstExpiry = expiryOf(first);
    // Waits for the clock, not for a duration: until the first token has expired.
    await sz.waitForFunction((at) => Date.now() > at + 1000, firstExpiry, { timeout: (TTL_SECONDS + 10) * 1000 });
    const now = (await session(sz))?.accessToken as string;
    expect(now).not.toBe(first);
    expect(expiryOf(now)).toBeGreaterThan(Date.now());
    await sz.getByRole('link', { name: '首页' }).click();
    // The jurisdiction by its name in the chosen script, and every time in Hong Kong time.
    await sz.getByRole('heading', { level: 1, name: '深圳市 的最新动态' }).waitFor();
    await sz.getByTestId('feed').getByRole('listitem').first().waitFor();
    expect(await sz.getByTestId('feed').locator('time').first().textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 香港时间$/,
    );
    await sz.getByTestId('signed-in-as').getByText('sz-official').waitFor();
  });

  it('signs out through the identity provider’s end-session endpoint', async () => {
    await sz.getByRole('button', { name: '退出登录' }).click();
    await sz.waitForURL(`${platform.origin}/`);
    await sz.getByRole('button', { name: '登录' }).waitFor();
    await sz.getByRole('heading', { level: 1, name: '欢迎使用大湾区政务通' }).waitFor();
    expect(await session(sz)).toBeNull();
    // Signed in again, the identity provider asks who: its session ended too.
    await sz.getByRole('button', { name: '登录' }).click();
    await sz.waitForURL(`${platform.idpUrl}/**`);
    await sz.getByLabel(/密码/).waitFor();
  });
});
