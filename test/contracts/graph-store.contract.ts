/**
 * The graph-store contract: one suite, run against every adapter (SQLite in `npm test`, Neo4j when
 * NEO4J_URI is set). Each adapter's test file calls `graphStoreContract` with a factory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Consent, Practice, Service } from '../../schema/domain/index.js';
import type { SearchableLabel } from '../../schema/domain/queryable.js';
import {
  CONSENTS_OF_MAX,
  eventKey,
  type GraphStore,
  type NodeBatch,
  type ProcessedEvent,
  type Receipt,
} from '../../services/graph/graph-store.port.js';
import { loadDataset } from '../../services/graph/seed/dataset.js';
import { rankingRates } from '../graph/search-ranking.table.js';
import { practiceFixture } from '../support/fixtures.js';

export interface StoreFactory {
  /** A store over an empty database; called twice in a test, both stores share that database. */
  open(): Promise<GraphStore>;
  /** Empties the shared database before each test. */
  reset(): Promise<void>;
}

const practice = (id: string, inspiredBy: string[] = []) => practiceFixture(id, { inspiredBy });

export function graphStoreContract(name: string, factory: StoreFactory): void {
  describe(`graph store contract: ${name}`, () => {
    let store: GraphStore;
    let dataset: NodeBatch[];
    const opened: GraphStore[] = [];
    const open = async () => {
      const s = await factory.open();
      opened.push(s);
      await s.init();
      return s;
    };

    beforeEach(async () => {
      await factory.reset();
      store = await open();
      dataset = await loadDataset();
      await store.write(dataset);
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('upserts idempotently: a second identical write changes nothing and keeps the counts', async () => {
      const before = await store.counts();
      expect(await store.write(dataset)).toEqual({ changed: 0, unchanged: 154 });
      expect(await store.counts()).toEqual(before);
      expect(before).toEqual({
        Jurisdiction: 5,
        Agency: 24,
        Topic: 15,
        Service: 35,
        Practice: 21,
        Person: 12,
        Case: 16,
        Consent: 14,
        ConsentRequest: 0,
        Announcement: 12,
        // Officials write these; the data set has none.
        PracticeDraft: 0,
        PracticeVersion: 0,
        Adoption: 0,
        Question: 0,
        WriteRequest: 0,
      });
    });

    it('counts a changed record as changed and serves the new version', async () => {
      const [service] = (await store.getByIds('Service', ['svc-gz-suihaoban'])) as [Service];
      const result = await store.write([
        { label: 'Service', records: [{ ...service, paperless: !service.paperless }] },
      ]);
      expect(result).toEqual({ changed: 1, unchanged: 0 });
      expect((await store.getByIds('Service', ['svc-gz-suihaoban']))[0]?.paperless).toBe(!service.paperless);
    });

    it('gets records by id in the order asked, null for unknown ids', async () => {
      const got = await store.getByIds('Service', ['svc-gz-suihaoban', 'svc-none', 'svc-hk-td-direct-issue-dl']);
      expect(got.map((s) => s?.id ?? null)).toEqual(['svc-gz-suihaoban', null, 'svc-hk-td-direct-issue-dl']);
      const services = (dataset.find((b) => b.label === 'Service')?.records ?? []) as Service[];
      expect(got[0]).toEqual(services.find((s) => s.id === 'svc-gz-suihaoban'));
    });

    describe('filters', () => {
      const services = () => dataset.find((b) => b.label === 'Service')?.records as Service[];
      const practices = () => dataset.find((b) => b.label === 'Practice')?.records as Practice[];
      const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();

      it.each([
        [
          'jurisdiction in',
          { field: 'jurisdiction', op: 'in', values: ['SZ', 'GZ'] },
          (s: Service) => ['SZ', 'GZ'].includes(s.jurisdiction),
        ],
        ['agency in', { field: 'agency', op: 'in', values: ['hk-td'] }, (s: Service) => s.agency === 'hk-td'],
        [
          'topics contain any',
          { field: 'topics', op: 'containsAny', values: ['kiosks'] },
          (s: Service) => s.topics.includes('kiosks'),
        ],
        [
          'channels contain any',
          { field: 'channels', op: 'containsAny', values: ['kiosk', 'phone'] },
          (s: Service) => s.channels.some((c) => c === 'kiosk' || c === 'phone'),
        ],
        ['crossBoundary', { field: 'crossBoundary', op: 'eq', value: true }, (s: Service) => s.crossBoundary],
        ['zeroRedirection', { field: 'zeroRedirection', op: 'eq', value: true }, (s: Service) => s.zeroRedirection],
        ['paperless false', { field: 'paperless', op: 'eq', value: false }, (s: Service) => !s.paperless],
        [
          'faceToFaceRequired',
          { field: 'faceToFaceRequired', op: 'eq', value: true },
          (s: Service) => s.faceToFaceRequired,
        ],
        [
          'updated since',
          { field: 'updatedAt', op: 'gte', value: '2026-01-01' },
          (s: Service) => s.updatedAt >= '2026-01-01',
        ],
      ] as const)('filters services by %s', async (_name, predicate, expected) => {
        const want = ids(services().filter(expected as (s: Service) => boolean));
        expect(want.length).toBeGreaterThan(0);
        const found = await store.find('Service', { where: [predicate as never], first: 100 });
        expect(ids(found.records)).toEqual(want);
        expect(found.totalCount).toBe(want.length);
        expect(found.hasNextPage).toBe(false);
      });

      it('filters practices by adoption and combines predicates with AND', async () => {
        const found = await store.find('Practice', {
          where: [
            { field: 'adoptedBy', op: 'containsAny', values: ['HK'] },
            { field: 'publishedAt', op: 'gte', value: '2024-01-01' },
          ],
          first: 100,
        });
        const want = practices().filter((p) => p.adoptedBy.includes('HK') && p.publishedAt >= '2024-01-01');
        expect(want.length).toBeGreaterThan(0);
        expect(ids(found.records)).toEqual(ids(want));
      });

      it('finds nothing, with a zero total, when no record matches', async () => {
        const found = await store.find('Service', {
          where: [{ field: 'agency', op: 'in', values: ['nobody'] }],
          first: 5,
        });
        expect(found).toEqual({ records: [], totalCount: 0, hasNextPage: false });
      });
    });

    describe("a subject's consents (the consent gate's look-up)", () => {
      const consents = () => dataset.find((b) => b.label === 'Consent')?.records as Consent[];
      const bySubject = (subject: string) =>
        store.find('Consent', { where: [{ field: 'subject', op: 'in', values: [subject] }], first: CONSENTS_OF_MAX });

      it('lists the records find lists for the subject, in its order, and nothing for a subject without any', async () => {
        const subjects = [...new Set(consents().map((c) => c.subject))];
        expect(subjects.some((s) => consents().filter((c) => c.subject === s).length > 1)).toBe(true);
        for (const subject of subjects) {
          const listed = await store.consentsOf(subject);
          expect(listed).toEqual((await bySubject(subject)).records);
          expect(listed.map((c) => c.subject)).toEqual(listed.map(() => subject));
        }
        expect(await store.consentsOf('p-nobody')).toEqual([]);
      });

      it('sees a consent written after it was asked, and lists at most CONSENTS_OF_MAX, the lowest ids', async () => {
        const [first] = consents() as [Consent];
        const before = await store.consentsOf(first.subject);
        const more = Array.from({ length: CONSENTS_OF_MAX }, (_, i) => ({
          ...first,
          id: `con-more-${String(i).padStart(4, '0')}`,
        }));
        await store.write([{ label: 'Consent', records: more }]);
        const after = await store.consentsOf(first.subject);
        expect(after).toHaveLength(CONSENTS_OF_MAX);
        expect(after).toEqual((await bySubject(first.subject)).records);
        expect(after.length).toBeGreaterThan(before.length);
      });
    });

    it('pages stably by id: pages join up to the whole, without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.find('Service', { where: [], first: 8, after });
        expect(page.totalCount).toBe(35);
        seen.push(...page.records.map((s) => s.id));
        if (!page.hasNextPage) break;
        after = page.records.at(-1)?.id;
      }
      expect(seen).toHaveLength(35);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(35);
    });

    it('keeps a page stable when a record before the cursor is changed', async () => {
      const first = await store.find('Service', { where: [], first: 5 });
      const [changed] = first.records as [Service];
      await store.write([{ label: 'Service', records: [{ ...changed, updatedAt: '2026-11-01' }] }]);
      const second = await store.find('Service', { where: [], first: 5, after: first.records.at(-1)?.id });
      const again = await store.find('Service', { where: [], first: 10 });
      expect(again.records.slice(5).map((s) => s.id)).toEqual(second.records.map((s) => s.id));
    });

    it('follows a relationship both ways for many ids in one call', async () => {
      const out = await store.related('Practice', ['prac-hk-eme-zero-redirection', 'prac-sz-ishenzhen-single-portal'], {
        type: 'INSPIRED_BY',
        direction: 'out',
      });
      expect(out.get('prac-hk-eme-zero-redirection')).toEqual([
        'prac-hk-iamsmart-one-stop-login',
        'prac-sz-ishenzhen-single-portal',
      ]);
      expect(out.get('prac-sz-ishenzhen-single-portal')).toEqual([]);
      const back = await store.related('Practice', ['prac-sz-ishenzhen-single-portal'], {
        type: 'INSPIRED_BY',
        direction: 'in',
      });
      expect(back.get('prac-sz-ishenzhen-single-portal')).toEqual([
        'prac-hk-eme-zero-redirection',
        'prac-hk-td-direct-issue-in-iamsmart',
      ]);
    });

    it('traverses to any depth, nearest first, each node once, through cycles', async () => {
      // A chain a → b → c → d and a cycle d → b.
      await store.write([
        {
          label: 'Practice',
          records: [
            practice('prac-t-a', ['prac-t-b']),
            practice('prac-t-b', ['prac-t-c']),
            practice('prac-t-c', ['prac-t-d']),
            practice('prac-t-d', ['prac-t-b']),
          ],
        },
      ]);
      const rel = { type: 'INSPIRED_BY', direction: 'out' } as const;
      expect(await store.traverse('Practice', 'prac-t-a', { ...rel, maxDepth: 1 })).toEqual([
        { id: 'prac-t-b', depth: 1 },
      ]);
      expect(await store.traverse('Practice', 'prac-t-a', { ...rel, maxDepth: 10 })).toEqual([
        { id: 'prac-t-b', depth: 1 },
        { id: 'prac-t-c', depth: 2 },
        { id: 'prac-t-d', depth: 3 },
      ]);
      expect(
        await store.traverse('Practice', 'prac-t-d', { type: 'INSPIRED_BY', direction: 'in', maxDepth: 10 }),
      ).toEqual(
        [
          { id: 'prac-t-c', depth: 1 },
          { id: 'prac-t-a', depth: 3 },
          { id: 'prac-t-b', depth: 2 },
        ].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id)),
      );
    });

    describe('search', () => {
      const top = async (text: string, labels: readonly SearchableLabel[] = ['Service', 'Practice', 'Announcement']) =>
        (await store.search({ text, labels, first: 5 })).map((h) => h.id);

      it('finds a record by English words, ignoring case and word endings', async () => {
        expect(await top('DRIVING LICENCES', ['Service'])).toContain('svc-hk-td-direct-issue-dl');
      });

      it('finds a record written in Traditional Chinese from a Simplified query, and the reverse', async () => {
        expect(await top('驾驶执照', ['Service'])).toContain('svc-hk-td-direct-issue-dl');
        expect(await top('駕駛證', ['Service'])).toContain('svc-hk-td-direct-issue-dl');
      });

      it('finds a two-character Chinese word', async () => {
        expect(await top('養老', ['Service'])).toContain('svc-gd-hk-mo-social-insurance');
      });

      it('still finds the record when one word is misspelt and the rest agrees', async () => {
        expect(await top('drving licence direct isue', ['Service'])).toContain('svc-hk-td-direct-issue-dl');
      });

      it.each(['駕駛執照 直接簽發', '驾驶执照 直接签发', 'drivng licnce direct isue'])(
        'puts the service a query names above the announcements about it: %s',
        async (text) => {
          const hits = await store.search({ text, labels: ['Service', 'Practice', 'Announcement'], first: 5 });
          expect(hits[0]?.id).toBe('svc-hk-td-direct-issue-dl');
          const announcements = hits.flatMap((h, i) => (h.label === 'Announcement' ? [i] : []));
          const others = hits.flatMap((h, i) =>
            h.label !== 'Announcement' && h.id.includes('direct-issue') ? [i] : [],
          );
          expect(announcements.length).toBeGreaterThan(0);
          expect(Math.max(...others)).toBeLessThan(Math.min(...announcements));
        },
      );

      it('ranks the named record first for the table of title- and task-style queries in three scripts', async () => {
        const rates = await rankingRates(async (text) =>
          (await store.search({ text, labels: ['Service', 'Practice', 'Announcement'], first: 3 })).map((h) => h.id),
        );
        const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
        console.info(
          `search ranking (${name}): ${rates.cases} queries, top-1 ${percent(rates.top1)}, top-3 ${percent(rates.top3)}` +
            rates.misses.map((m) => `\n  miss: ${m}`).join(''),
        );
        expect(rates.cases).toBeGreaterThanOrEqual(30);
        expect(rates.top1).toBeGreaterThanOrEqual(0.9);
        expect(rates.top3).toBeGreaterThanOrEqual(0.95);
      });

      it('keeps to the jurisdictions asked for, and to all of them when none is named', async () => {
        const search = (jurisdictions?: string[]) =>
          store.search({
            text: 'driving licence',
            labels: ['Service', 'Practice', 'Announcement'],
            first: 20,
            jurisdictions,
          });
        const all = await search();
        const hk = await search(['HK']);
        const mainland = await search(['SZ', 'GD']);
        expect(hk.length).toBeGreaterThan(0);
        expect(mainland.length).toBeGreaterThan(0);
        const jurisdictionOf = new Map(
          dataset.flatMap((b) =>
            b.records.map((r) => [`${b.label}:${r.id}`, (r as { jurisdiction?: string }).jurisdiction]),
          ),
        );
        expect(hk.every((h) => jurisdictionOf.get(`${h.label}:${h.id}`) === 'HK')).toBe(true);
        expect(mainland.every((h) => ['SZ', 'GD'].includes(jurisdictionOf.get(`${h.label}:${h.id}`) ?? ''))).toBe(true);
        expect(all.some((h) => jurisdictionOf.get(`${h.label}:${h.id}`) !== 'HK')).toBe(true);
        expect(await search([])).toEqual(all);
      });

      it('ranks hits, keeps to the kinds asked for, and returns nothing for nothing', async () => {
        const hits = await store.search({ text: 'DeepSeek', labels: ['Practice'], first: 10 });
        expect(hits.length).toBeGreaterThan(1);
        expect(hits.every((h) => h.label === 'Practice')).toBe(true);
        expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
        expect(await store.search({ text: '   ', labels: ['Practice'], first: 10 })).toEqual([]);
      });
    });

    it('takes two concurrent writers without losing or duplicating a record', async () => {
      const other = await open();
      const write = (s: GraphStore, from: number) =>
        Promise.all(
          Array.from({ length: 10 }, (_, batch) =>
            s.write([
              {
                label: 'Practice',
                records: Array.from({ length: 20 }, (_, i) => practice(`prac-c-${from + batch * 20 + i}`)),
              },
            ]),
          ),
        );
      // Both write the overlapping range 100–199.
      await Promise.all([write(store, 0), write(other, 100)]);
      expect((await store.counts()).Practice).toBe(21 + 300);
      const found = await other.find('Practice', { where: [], first: 400 });
      expect(new Set(found.records.map((p) => p.id)).size).toBe(found.totalCount);
    });

    describe('event ledger', () => {
      const processed = (id: string, disposition: ProcessedEvent['disposition'] = 'applied'): ProcessedEvent => ({
        source: 'urn:gba:hk:td',
        id,
        digest: `d-${id}`,
        time: '2026-02-01T10:00:00+08:00',
        disposition,
      });
      const receipt = (
        offset: number,
        id: string | null,
        disposition: Receipt['disposition'] = 'applied',
      ): Receipt => ({
        topic: 'gba.inbound.hk',
        partition: 1,
        offset: String(offset),
        source: id ? 'urn:gba:hk:td' : null,
        eventId: id,
        disposition,
        reason: disposition === 'rejected' ? 'NO_CONSENT' : null,
      });
      const message = (id: string) => ({
        id,
        topic: 'gba.outbound.mainland',
        key: 'case-0001',
        value: Buffer.from(id).toString('base64'),
        headers: { ce_id: id },
      });
      const empty = { nodes: [], clocks: [], processed: [], receipts: [], outbox: [] };

      it('commits graph changes, clocks, processed records, receipts and the outbox together', async () => {
        const changed = { ...practice('prac-ledger-1'), title: { en: 'Ledger', zhHant: '帳', zhHans: '账' } };
        await store.commitEvents({
          nodes: [{ label: 'Practice', records: [changed] }],
          clocks: [{ label: 'Practice', id: 'prac-ledger-1', time: '2026-02-01T10:00:00+08:00' }],
          processed: [processed('e1'), processed('e2', 'rejected')],
          receipts: [receipt(7, 'e1'), receipt(8, 'e2', 'rejected'), receipt(9, null, 'rejected')],
          outbox: [message('m1'), message('m2')],
        });
        expect((await store.getByIds('Practice', ['prac-ledger-1']))[0]?.title.en).toBe('Ledger');
        expect(
          await store.clocks([
            { label: 'Practice', id: 'prac-ledger-1' },
            { label: 'Case', id: 'case-0001' },
          ]),
        ).toEqual(new Map([['Practice:prac-ledger-1', '2026-02-01T10:00:00+08:00']]));
        const found = await store.processed([
          eventKey('urn:gba:hk:td', 'e1'),
          eventKey('urn:gba:hk:td', 'e2'),
          eventKey('urn:gba:hk:td', 'e3'),
        ]);
        expect([...found.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          processed('e1'),
          processed('e2', 'rejected'),
        ]);
        expect(await store.receipts({ topic: 'gba.inbound.hk', partition: 1, from: '8', to: '20' })).toEqual([
          receipt(8, 'e2', 'rejected'),
          receipt(9, null, 'rejected'),
        ]);
        // Counted by disposition and reason, in the order each first occurs.
        expect(await store.receiptCounts({ topic: 'gba.inbound.hk', partition: 1, from: '0', to: '20' })).toEqual([
          { disposition: 'applied', reason: null, count: 1 },
          { disposition: 'rejected', reason: 'NO_CONSENT', count: 2 },
        ]);
        expect(await store.receiptCounts({ topic: 'gba.inbound.hk', partition: 1, from: '9', to: '9' })).toEqual([
          { disposition: 'rejected', reason: 'NO_CONSENT', count: 1 },
        ]);
        expect(await store.receiptCounts({ topic: 'gba.inbound.hk', partition: 2, from: '0', to: '20' })).toEqual([]);
        expect((await store.pendingOutbox(10)).map((m) => m.id)).toEqual(['m1', 'm2']);
        expect((await store.pendingOutbox(10))[0]).toEqual(message('m1'));
        await store.markPublished(['m1']);
        expect((await store.pendingOutbox(10)).map((m) => m.id)).toEqual(['m2']);
      });

      it('writes nothing when an event of the commit was processed meanwhile', async () => {
        await store.commitEvents({ ...empty, processed: [processed('e1')] });
        await expect(
          store.commitEvents({
            ...empty,
            nodes: [{ label: 'Practice', records: [practice('prac-ledger-2')] }],
            processed: [processed('e9'), processed('e1')],
            receipts: [receipt(1, 'e9')],
            outbox: [message('m9')],
          }),
        ).rejects.toThrow(/processed meanwhile/);
        // A typed error naming the event, so a caller can tell this from a failure and read again.
        await expect(store.commitEvents({ ...empty, processed: [processed('e1')] })).rejects.toMatchObject({
          name: 'ProcessedMeanwhile',
          source: 'urn:gba:hk:td',
          eventId: 'e1',
        });
        expect(await store.getByIds('Practice', ['prac-ledger-2'])).toEqual([null]);
        expect((await store.processed([eventKey('urn:gba:hk:td', 'e9')])).size).toBe(0);
        expect(await store.receipts({ topic: 'gba.inbound.hk', partition: 1, from: '0', to: '5' })).toEqual([]);
        expect(await store.pendingOutbox(10)).toEqual([]);
      });

      it('writes nothing when a delivered message of the commit was handled meanwhile, its dead letter already sent', async () => {
        // Another connector on the same partition (gba dlq replay beside gba start) committed it first.
        const letter = message('dlq:gba.inbound.hk:1:3');
        await store.commitEvents({ ...empty, receipts: [receipt(3, null, 'rejected')], outbox: [letter] });
        await store.markPublished([letter.id]);
        await expect(
          store.commitEvents({
            ...empty,
            processed: [processed('e7')],
            receipts: [receipt(2, 'e7'), receipt(3, null, 'rejected')],
            outbox: [message('m7'), letter],
          }),
        ).rejects.toMatchObject({ name: 'DeliveredMeanwhile', topic: 'gba.inbound.hk', partition: 1 });
        expect(await store.pendingOutbox(10)).toEqual([]);
        expect((await store.processed([eventKey('urn:gba:hk:td', 'e7')])).size).toBe(0);
        expect(await store.receipts({ topic: 'gba.inbound.hk', partition: 1, from: '0', to: '5' })).toEqual([
          receipt(3, null, 'rejected'),
        ]);
      });

      it('lets a rejected event be processed again (a dead-letter replay), once', async () => {
        await store.commitEvents({ ...empty, processed: [processed('e5', 'rejected')] });
        await store.commitEvents({ ...empty, processed: [processed('e5', 'applied')] });
        expect(
          (await store.processed([eventKey('urn:gba:hk:td', 'e5')])).get(eventKey('urn:gba:hk:td', 'e5'))?.disposition,
        ).toBe('applied');
        await expect(store.commitEvents({ ...empty, processed: [processed('e5', 'applied')] })).rejects.toThrow(
          /processed meanwhile/,
        );
      });

      it('queues an outbox message once however often its commit is retried', async () => {
        await store.commitEvents({ ...empty, outbox: [message('m1')] });
        await store.commitEvents({ ...empty, outbox: [message('m1'), message('m3')] });
        expect((await store.pendingOutbox(10)).map((m) => m.id)).toEqual(['m1', 'm3']);
      });

      // Two publishers on one store (gba start and a gba dlq replay process): one gets each message.
      it.each([
        ['another claimant while the claim holds', 'b', 1_000, [], []],
        ['another claimant while the claim holds, another holder gone', 'b', 1_000, ['z'], []],
        ['the same claimant again (its publish is retried)', 'a', 1_000, [], ['c1', 'c2']],
        ['another claimant once the claim has lapsed', 'b', 60_001, [], ['c1', 'c2']],
        ['another claimant that knows the holder is gone', 'b', 1_000, ['a'], ['c1', 'c2']],
      ])('gives claimed outbox messages to %s: %j', async (_title, claimant, later, orphans, ids) => {
        await store.commitEvents({ ...empty, outbox: [message('c1'), message('c2')] });
        const claim = { limit: 10, leaseMs: 60_000 };
        expect((await store.claimOutbox({ ...claim, claimant: 'a', now: 0 })).map((m) => m.id)).toEqual(['c1', 'c2']);
        const again = await store.claimOutbox({ ...claim, claimant, now: later, orphans });
        expect(await store.outboxClaimants()).toEqual([ids.length > 0 ? claimant : 'a']);
        expect(again.map((m) => m.id)).toEqual(ids);
        expect(again[0] ?? message('c1')).toEqual(message('c1'));
        expect((await store.pendingOutbox(10)).map((m) => m.id)).toEqual(['c1', 'c2']);
      });

      it('gives a released claim to the next claimant at once, and only its own claim is released', async () => {
        await store.commitEvents({ ...empty, outbox: [message('r1'), message('r2')] });
        const claim = { limit: 1, leaseMs: 60_000, now: 0 };
        expect((await store.claimOutbox({ ...claim, claimant: 'a' })).map((m) => m.id)).toEqual(['r1']);
        expect((await store.claimOutbox({ ...claim, claimant: 'b' })).map((m) => m.id)).toEqual(['r2']);
        await store.releaseOutbox(['r1', 'r2'], 'a');
        expect((await store.claimOutbox({ ...claim, limit: 10, claimant: 'c' })).map((m) => m.id)).toEqual(['r1']);
      });
    });
  });
}
