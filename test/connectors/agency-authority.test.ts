/**
 * Whose services, practices, announcements and cases a system changes, from the outside: events sent
 * through `gba ingest` (its own OS process) into a seeded SQLite store. A system changes the services,
 * practices and announcements of its own agency, and of another agency only where its catalogue entry
 * names that agency (`gba partners`); a portal decides the cases its own jurisdiction handles, exactly:
 * the province (Yueshengshi, GD zwfw) is not Shenzhen or Guangzhou. Each refusal is
 * NOT_AUTHORISED_FOR_RECORD in `gba dlq list`, and the record is as it was.
 * Found by a tester (probe 6): Yueshengshi set Suihaoban's url to a phishing URL (then `gba ask` sent
 * users there), GD zwfw rewrote the iShenzhen portal and rejected Shenzhen's case-0013, and the
 * Digital Policy Office rewrote a Transport Department service; 1823's notice related to Suihaoban became
 * Suihaoban's latest change in `gba ask`. An announcement relates only to services of its own agency.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NOW } from '../support/gba-cli.js';
import { gbaProcess, outcomeOf } from '../support/gba-process.js';
import { graphRecords } from '../support/graph-records.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path, {}, CLI_NOW);
const AT = '2026-02-10T10:00:00+08:00';
const CN_AT = '2026-02-10 10:00:00';
const envelope = (id: string, source: string, type: string, subject: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id,
  source,
  type,
  subject,
  time: AT,
  datacontenttype: 'application/json',
  data,
});

/** A Mainland service update setting the url of service `code` (of agency `agency`) to a phishing URL. */
/** A Hong Kong service update that points `serviceId` at a phishing address, naming `agencyId` its owner. */
const hkService = (
  id: string,
  source: string,
  serviceId: string,
  agencyId: string,
  changedFields: string[],
  title: { en: string; zhHant: string },
) =>
  envelope(id, source, 'hk.gov.service.updated', serviceId, {
    serviceId,
    agencyId,
    version: 99,
    changedFields,
    title,
    channels: ['online'],
    crossBoundary: true,
    zeroRedirection: true,
    paperless: true,
    faceToFaceRequired: false,
    effectiveDate: '2026-02-10',
    url: 'https://evil.example/phish',
  });
const cnService = (id: string, source: string, code: string, agency: string) =>
  envelope(id, source, 'cn.gd.service.updated', code, {
    shixiang_bm: code,
    shixiang_mc: '被劫持的服务',
    bumen_bm: agency,
    banben: 99,
    biangeng_nr: ['fuwu_dz'],
    qudao: ['01'],
    kuajing_bz: 1,
    ling_tiaozhuan_bz: 1,
    wuzhihua_bz: 1,
    xu_daochang_bz: 0,
    shengxiao_sj: CN_AT,
    fuwu_dz: 'https://evil.example/phish',
  });
/** A Mainland practice retitled, its source department (laiyuan_bm) `agency`. */
const cnPractice = (id: string, source: string, practice: string, agency: string) =>
  envelope(id, source, 'cn.gd.practice.shared', practice, {
    jingyan_bh: practice,
    biaoti: '劫持的经验',
    zhaiyao: 'x',
    laiyuan_bm: agency,
    biaoqian: ['人工智能'],
    fabu_sj: CN_AT,
    guanlian_sx: [],
  });
const cnCase = (id: string, source: string, c: [string, string, string, string], move: [number, number]) =>
  envelope(id, source, 'cn.gd.case.status-changed', `B${id}`, {
    banjian_bh: `B${id}`,
    pingtai_ajbh: c[0],
    shixiang_bm: c[1],
    shixiang_mc: 'x',
    bumen_bm: c[2],
    shenqingren_bh: c[3],
    banli_zt: move[1],
    banli_zt_mc: 'x',
    shangyi_zt: move[0],
    gengxin_sj: CN_AT,
    beizhu: '',
  });

/** An announcement of 1823 (hk-efficiency-office) related to `services`. */
const hkNotice = (id: string, services: string[]) =>
  envelope(id, 'urn:gba:hk:1823', 'hk.gov.announcement.published', `ann-${id}`, {
    announcementId: `ann-${id}`,
    agencyId: 'hk-efficiency-office',
    kind: 'service-outage',
    importance: 'major',
    title: { en: 'Suihaoban moved to evil.example', zhHant: '穗好辦搬家' },
    body: { en: 'Suihaoban now at https://evil.example', zhHant: 'x' },
    effectiveFrom: '2026-02-10',
    publishedAt: AT,
    relatedServices: services,
    sourceUrl: 'https://evil.example',
  });

/** [title, event, its outcome]: `applied`, or the reason of its dead letter. */
const ROWS: [string, Record<string, unknown>, string][] = [
  [
    'Yueshengshi (GD) setting Guangzhou’s Suihaoban url',
    cnService('ag-1', 'urn:gba:gd:yueshengshi', '440100SHB0001', '440100-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'GD zwfw rewriting the iShenzhen portal service',
    cnService('ag-2', 'urn:gba:gd:zwfw', '440300ISZ0001', '440300-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Yueshengshi overwriting a Shenzhen announcement',
    envelope('ag-3', 'urn:gba:gd:yueshengshi', 'cn.gd.announcement.published', 'ann-sz-deepseek-full-deployment', {
      gonggao_bh: 'ann-sz-deepseek-full-deployment',
      bumen_bm: '440300-ZSJ',
      biaoti: '深圳政务系统已迁移至 evil.example',
      zhengwen: '请访问 https://evil.example',
      leixing: 1,
      zhongyao_cd: 1,
      shengxiao_rq: '2026-02-10',
      fabu_sj: CN_AT,
      guanlian_sx: [],
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'GD zwfw retitling a Shenzhen practice',
    cnPractice('ag-4', 'urn:gba:gd:zwfw', 'prac-sz-deepseek-citywide', '440300-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Yueshengshi closing case-0012, which Guangzhou handles',
    cnCase('ag-5', 'urn:gba:gd:yueshengshi', ['case-0012', '440100SHB0001', '440100-ZSJ', 'p-0002'], [40, 90]),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'GD zwfw rejecting case-0013, which Shenzhen handles',
    cnCase('ag-6', 'urn:gba:gd:zwfw', ['case-0013', '440300ISZ0004', '440300-ZSJ', 'p-0001'], [30, 50]),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the Digital Policy Office rewriting a Transport Department service',
    hkService('ag-7', 'urn:gba:hk:dpo', 'svc-hk-td-dl-renewal-online', 'hk-td', ['title', 'url'], {
      en: 'TD renewal moved',
      zhHant: '騎劫',
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Suihaoban rewriting Nansha’s service (its grant names Nansha for practices only)',
    cnService('ag-8', 'urn:gba:gz:suihaoban', '440115NSZ0001', '440115-ZWZX'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'iShenzhen rewriting a Yueshengshi service',
    cnService('ag-9', 'urn:gba:sz:ishenzhen', '440000YSS0001', '440000-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    '1823 relating its own notice to Guangzhou’s Suihaoban',
    hkNotice('ag-12', ['svc-hk-1823-enquiry', 'svc-gz-suihaoban']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Yueshengshi relating its own notice to Guangzhou’s Suihaoban',
    envelope('ag-13', 'urn:gba:gd:yueshengshi', 'cn.gd.announcement.published', 'ann-ag-13', {
      gonggao_bh: 'ann-ag-13',
      bumen_bm: '440000-ZSJ',
      biaoti: '穗好办已迁移',
      zhengwen: '请访问 https://evil.example',
      leixing: 1,
      zhongyao_cd: 1,
      shengxiao_rq: '2026-02-10',
      fabu_sj: CN_AT,
      guanlian_sx: ['440000YSS0001', '440100SHB0001'],
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'TD naming the Digital Policy Office as the owner of its own service',
    hkService('ag-15', 'urn:gba:hk:td', 'svc-hk-td-counter-appointment', 'hk-dpo', ['url'], {
      en: 'Counter appointment',
      zhHant: '櫃位預約',
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the Digital Policy Office reporting a kiosk transaction on GD/MO case-0016',
    envelope('ag-16', 'urn:gba:hk:dpo', 'hk.cbps.kiosk.transaction-completed', 'case-0016', {
      kioskId: 'K',
      hostJurisdiction: 'SZ',
      hostCentre: { en: 'x', zhHant: 'x' },
      serviceId: 'svc-hk-cbps-kiosk-sz',
      caseId: 'case-0016',
      applicantRef: 'p-0010',
      completedAt: AT,
      documentsScanned: 3,
      receiptPrinted: true,
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  // A Mainland update naming another owner (bumen_bm, laiyuan_bm) than the record's, as TD's agencyId above,
  // whatever the sender's grant covers. Found by a tester (probe 9 row 25): these were applied.
  [
    'Yueshengshi naming gd-psd as the owner of its own service',
    cnService('ag-17', 'urn:gba:gd:yueshengshi', '440000YSS0001', '440000-GAT'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'iShenzhen naming its own bureau as the owner of Futian’s service',
    cnService('ag-18', 'urn:gba:sz:ishenzhen', '440304ISZ0003', '440300-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'iShenzhen naming Futian’s bureau as the owner of its own portal',
    cnService('ag-19', 'urn:gba:sz:ishenzhen', '440300ISZ0001', '440304-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Suihaoban naming its own bureau as the source of Nansha’s practice',
    cnPractice('ag-20', 'urn:gba:gz:suihaoban', 'prac-gz-nansha-self-service-area', '440100-ZSJ'),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the Digital Policy Office naming itself the source of the TD practice it shares (granted hk-td’s)',
    envelope('ag-21', 'urn:gba:hk:dpo', 'hk.gov.practice.shared', 'prac-hk-td-direct-issue-in-iamsmart', {
      practiceId: 'prac-hk-td-direct-issue-in-iamsmart',
      agencyId: 'hk-dpo',
      title: { en: 'Taken over', zhHant: '接管' },
      topics: ['driving-licence'],
      relatedServices: ['svc-hk-td-direct-issue-dl'],
      sharedAt: AT,
      audience: ['GD'],
      synthetic: true,
    }),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  ['1823 relating its own notice to its own service', hkNotice('ag-14', ['svc-hk-1823-enquiry']), 'applied'],
  [
    'Yueshengshi updating its own agency’s service',
    cnService('ag-10', 'urn:gba:gd:yueshengshi', '440000YSS0001', '440000-ZSJ'),
    'applied',
  ],
  [
    'iShenzhen updating Futian’s service (its grant names Futian’s bureau)',
    cnService('ag-11', 'urn:gba:sz:ishenzhen', '440304ISZ0003', '440304-ZSJ'),
    'applied',
  ],
];

const records = () => graphRecords(dir.path, ['Service', 'Practice', 'Announcement', 'Case'], (r) => JSON.stringify(r));

describe('whose records a system changes (gba ingest, real SQLite)', () => {
  let letters: { eventId: string; reason: string; message: string }[];
  let changed: string[];
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    // Every sample event meant to apply still applies under the explicit grants (DPO's practices of
    // 1823 and TD, iShenzhen's of Futian, Suihaoban's of Nansha).
    for (const f of ['hk-inbound', 'mainland-inbound'])
      await gba(['ingest', join(import.meta.dirname, `../../deploy/seed/gba/events/${f}.jsonl`)]);
    const samples = JSON.parse((await gba(['dlq', 'list', '--json'])).stdout) as { reason: string }[];
    expect(samples.map((l) => l.reason).sort()).toEqual(['CONSENT_EXPIRED', 'CONSENT_REVOKED']);
    const before = await records();
    const file = join(dir.path, 'agency.jsonl');
    writeFileSync(file, ROWS.map(([, e]) => JSON.stringify(e)).join('\n'));
    const hk = ROWS.filter(([, e]) => (e.source as string).startsWith('urn:gba:hk:'));
    writeFileSync(`${file}.hk`, hk.map(([, e]) => JSON.stringify(e)).join('\n'));
    writeFileSync(
      file,
      ROWS.filter((r) => !hk.includes(r))
        .map(([, e]) => JSON.stringify(e))
        .join('\n'),
    );
    expect((await gba(['ingest', file])).code).toBe(65);
    expect((await gba(['ingest', `${file}.hk`, '--topic', 'gba.inbound.hk'])).code).toBe(65);
    const after = await records();
    changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    letters = JSON.parse((await gba(['dlq', 'list', '--json'])).stdout);
  }, 120_000);

  it.each(ROWS)('%s: %s', (_title, event, outcome) => {
    expect(outcomeOf(letters, event.id)).toBe(outcome);
  });

  // Found by a tester (probe 8): the message named the event's claimed agency (hk-dpo) as the service's owner.
  it('names the stored owner of a record, not the one the event claims', () => {
    expect(letters.find((l) => l.eventId === 'ag-15')?.message).toContain(
      'Service svc-hk-td-counter-appointment: it belongs to agency hk-td, and the event names hk-dpo as its owner',
    );
    expect(letters.find((l) => l.eventId === 'ag-18')?.message).toContain(
      'Service svc-sz-futian-ai-fuwu: it belongs to agency sz-futian-data-bureau, and the event names sz-gov-data-bureau as its owner',
    );
  });

  it('changes only the records of the sender’s agency or of an agency its grant names, related to its own services', () => {
    expect(changed.sort()).toEqual(['ann-ag-14', 'svc-gd-yueshengshi', 'svc-sz-futian-ai-fuwu']);
  });
});
