/**
 * Generates a large graph for benchmarks: services, practices and announcements written from the
 * sample data set's own vocabulary (English words, Traditional and Simplified characters), wired to
 * its agencies, topics and each other. Deterministic for a given seed.
 */
import type { Announcement, LocalizedText, NodeOf, Practice, Service } from '../schema/domain/index.js';
import type { NodeBatch } from '../services/graph/graph-store.port.js';
import { loadDataset } from '../services/graph/seed/dataset.js';
import { random } from './harness.js';

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

export async function generateGraph(total: number, seed = 42): Promise<NodeBatch[]> {
  const sample = await loadDataset();
  const records = <L extends NodeBatch['label']>(l: L) =>
    (sample.find((b) => b.label === l)?.records ?? []) as NodeOf<L>[];
  const rnd = random(seed);
  const texts = [...records('Service'), ...records('Practice')].map((r) => r.summary);
  const en = [...new Set(texts.flatMap((t) => t.en.toLowerCase().match(/[a-z]{3,}/g) ?? []))];
  const hant = [...new Set(texts.flatMap((t) => [...t.zhHant.replace(/[^\u4e00-\u9fff]/g, '')]))];
  const hans = [...new Set(texts.flatMap((t) => [...t.zhHans.replace(/[^\u4e00-\u9fff]/g, '')]))];
  // Real text has a long-tailed vocabulary: a few words everywhere, most words rare. The sample's own
  // words are mixed, at random ranks, into made-up ones, and ranks are drawn with P(rank r) ∝ 1/r.
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ren',
    'sha',
    'to',
    'vu',
    'zen',
    'pri',
    'dor',
    'gle',
    'nix',
    'qua',
    'bel',
    'hu',
    'fi',
  ];
  const madeUp = Array.from({ length: 40_000 }, () =>
    Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(rnd, syllables)).join(''),
  );
  const vocabulary = [...en, ...madeUp].sort(() => rnd() - 0.5);
  const zipf = () =>
    vocabulary[
      Math.min(vocabulary.length - 1, Math.floor(Math.exp(rnd() * Math.log(vocabulary.length))) - 1)
    ] as string;
  const words = (n: number) => Array.from({ length: n }, zipf).join(' ');
  const chars = (pool: string[], n: number) => Array.from({ length: n }, () => pick(rnd, pool)).join('');
  const text = (w: number, c: number): LocalizedText => ({
    en: words(w),
    zhHant: chars(hant, c),
    zhHans: chars(hans, c),
  });

  const agencies = records('Agency');
  const topics = records('Topic').map((t) => t.id);
  const nServices = Math.round(total * 0.5);
  const nPractices = Math.round(total * 0.3);
  const nAnnouncements = total - nServices - nPractices;
  const pad = (i: number) => String(i).padStart(7, '0');

  const services: Service[] = Array.from({ length: nServices }, (_, i) => {
    const agency = pick(rnd, agencies);
    return {
      ...pick(rnd, records('Service')),
      id: `svc-gen-${pad(i)}`,
      agency: agency.id,
      jurisdiction: agency.jurisdiction,
      title: text(8, 12),
      summary: text(40, 60),
      topics: [pick(rnd, topics), pick(rnd, topics)].filter((t, k, a) => a.indexOf(t) === k),
      steps: [text(8, 10), text(8, 10)],
      eligibility: text(10, 12),
      channels: [pick(rnd, ['online', 'app', 'kiosk', 'counter', 'phone'] as const)],
      crossBoundary: rnd() < 0.4,
      zeroRedirection: rnd() < 0.5,
      paperless: rnd() < 0.6,
      faceToFaceRequired: rnd() < 0.3,
      updatedAt: `202${Math.floor(rnd() * 6)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      synthetic: true,
      sourceUrl: null,
    };
  });
  const practices: Practice[] = Array.from({ length: nPractices }, (_, i) => {
    const agency = pick(rnd, agencies);
    return {
      ...pick(rnd, records('Practice')),
      id: `prac-gen-${pad(i)}`,
      agency: agency.id,
      jurisdiction: agency.jurisdiction,
      title: text(8, 12),
      summary: text(30, 40),
      problem: text(10, 12),
      approach: text(10, 12),
      results: text(10, 12),
      lessons: text(10, 12),
      topics: [pick(rnd, topics)],
      adoptedBy: [agency.jurisdiction],
      relatedServices: [pick(rnd, services).id, pick(rnd, services).id].filter((s, k, a) => a.indexOf(s) === k),
      inspiredBy: i > 0 && rnd() < 0.5 ? [`prac-gen-${pad(Math.floor(rnd() * i))}`] : [],
      outcomes: [],
      synthetic: true,
      sourceUrl: null,
    };
  });
  const announcements: Announcement[] = Array.from({ length: nAnnouncements }, (_, i) => {
    const agency = pick(rnd, agencies);
    return {
      ...pick(rnd, records('Announcement')),
      id: `ann-gen-${pad(i)}`,
      agency: agency.id,
      jurisdiction: agency.jurisdiction,
      title: text(8, 12),
      body: text(40, 60),
      relatedServices: [pick(rnd, services).id],
      synthetic: true,
      sourceUrl: null,
    };
  });
  return [
    ...sample.filter((b) => ['Jurisdiction', 'Agency', 'Topic'].includes(b.label)),
    { label: 'Service', records: services },
    { label: 'Practice', records: practices },
    { label: 'Announcement', records: announcements },
  ];
}
