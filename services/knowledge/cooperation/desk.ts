/**
 * Where officials' cooperation writes go: practices shared (drafts, published versions), adoptions,
 * questions and answers. Each write is one store commit holding the records and, where the other side
 * must hear of it, the outbound event (the connectors' outbox); subscribers are told after the commit.
 * Authorship always comes from the caller's token (`Author`); inputs arrive already validated.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  Adoption,
  Author,
  JurisdictionId,
  LocalizedText,
  NodeLabel,
  Outcome,
  Practice,
  PracticeDraft,
  PracticeVersion,
  Question,
} from '../../../schema/domain/index.js';
import { badUserInput, UserFacingError } from '../../../schema/errors.js';
import {
  type GraphStore,
  type NodeBatch,
  type OutboxMessage,
  type ProcessedEvent,
  ProcessedMeanwhile,
} from '../../graph/graph-store.port.js';
import { repeatOf, requestMark } from '../../shared/idempotency.js';
import type { Outbox } from '../../shared/outbox.port.js';
import { adoptionItem, answerItem, FeedChannel, type FeedItem, practiceItem, questionItem } from './feed.js';
import { earlierShare, refuseTakenTitle, type Shared } from './share-guard.js';

export interface OutcomeInput {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly date: string;
  readonly source?: string | null | undefined;
}

export interface ShareInput {
  readonly id?: string | null | undefined;
  readonly title: LocalizedText;
  readonly summary: LocalizedText;
  readonly problem: LocalizedText;
  readonly approach: LocalizedText;
  readonly results: LocalizedText;
  readonly lessons: LocalizedText;
  readonly topics: readonly string[];
  readonly relatedServices: readonly string[];
  readonly inspiredBy: readonly string[];
  readonly outcomes: readonly OutcomeInput[];
  readonly sourceUrl?: string | null | undefined;
  readonly draft: boolean;
  /** The published version the edit was made on; a later one published meanwhile refuses the edit. */
  readonly expectedVersion?: number | null | undefined;
  /** Names this request: sent again, the first result is returned (services/shared/idempotency.ts). */
  readonly idempotencyKey?: string | null | undefined;
}

export interface AdoptInput {
  readonly practice: string;
  readonly status: Adoption['status'];
  readonly date: string;
  readonly outcomes: readonly OutcomeInput[];
  readonly note?: LocalizedText | null | undefined;
}

export type { Shared } from './share-guard.js';

export interface CooperationDeps {
  readonly store: GraphStore;
  readonly feed?: FeedChannel;
  readonly now?: () => Date;
  /** Builds the outbound events of shares and questions, and publishes what the commit queued. */
  readonly outbox: Outbox;
}

const toOutcome = (o: OutcomeInput): Outcome => ({
  metric: o.metric,
  value: o.value,
  unit: o.unit,
  asOf: o.date,
  sourceUrl: o.source ?? null,
  // Officials' own figures are real reports, not illustrations: `sourced` then rests on the source alone.
  synthetic: false,
});

/** Attempts at publishing when another edit of the same practice publishes its next version first. */
const PUBLISH_ATTEMPTS = 5;
/** Each published version of a practice is recorded once under this ledger source: two edits cannot both be version n. */
const VERSION_LEDGER = 'urn:gba:platform:practice-versions';

/** `Cross-boundary licence renewal!` → `cross-boundary-licence-renewal`, at most 60 characters. */
function slugOf(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || randomUUID().slice(0, 8);
}

export class CooperationDesk {
  readonly feed: FeedChannel;
  private readonly now: () => Date;

  constructor(private readonly deps: CooperationDeps) {
    this.feed = deps.feed ?? new FeedChannel();
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Saves a draft, or publishes a practice (a new one, or a new version of one of the author's agency).
   * Two edits published at once both read version n; the one that commits second finds version n + 1
   * taken, reads again and publishes n + 2, so every version is kept under its own number. With
   * `expectedVersion`, an edit made on a version that is no longer the latest is refused instead.
   */
  async share(author: Author, input: ShareInput): Promise<Shared> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.shareOnce(author, input);
      } catch (error) {
        if (!(error instanceof ProcessedMeanwhile) || attempt >= PUBLISH_ATTEMPTS) throw error;
      }
    }
  }

  private async shareOnce(author: Author, { idempotencyKey, ...input }: ShareInput): Promise<Shared> {
    const { store } = this.deps;
    const mark = requestMark(input, idempotencyKey);
    const repeated = await earlierShare({ store, author, mark, now: this.now() });
    if (repeated) return repeated;
    await this.checkReferences(input);
    if (!input.id) await refuseTakenTitle(store, author, input.title);
    const id = input.id ?? (await this.freshId(author.jurisdiction, input.title.en));
    const [published] = await store.getByIds('Practice', [id]);
    const [draft] = await store.getByIds('PracticeDraft', [id]);
    const existing = published ?? draft;
    if (input.id && !existing) throw badUserInput('input.id', `no practice or draft has the id "${input.id}"`);
    if (existing && (existing.agency !== author.agency || existing.jurisdiction !== author.jurisdiction)) {
      throw new UserFacingError(
        'FORBIDDEN',
        `${id} belongs to ${existing.agency} (${existing.jurisdiction}); only its own officials edit it.`,
        { practice: id },
      );
    }
    if (input.inspiredBy.includes(id)) throw badUserInput('input.inspiredBy', 'cannot name the practice itself');
    const current = published ? (published.version ?? 1) : 0;
    if (input.expectedVersion != null && input.expectedVersion !== current) {
      throw badUserInput(
        'input.expectedVersion',
        published
          ? `${id} is at version ${current} now (published ${published.updatedAt ?? published.publishedAt} by ${published.sharedBy?.username ?? published.agency}); read it again and apply your edit to that version`
          : `${id} has no published version yet`,
      );
    }
    const at = this.now().toISOString();
    const content: Practice = {
      id,
      title: input.title,
      summary: input.summary,
      problem: input.problem,
      approach: input.approach,
      results: input.results,
      lessons: input.lessons,
      jurisdiction: author.jurisdiction,
      agency: author.agency,
      topics: [...input.topics],
      adoptedBy: published?.adoptedBy ?? [],
      relatedServices: [...input.relatedServices],
      inspiredBy: [...input.inspiredBy],
      outcomes: input.outcomes.map(toOutcome),
      publishedAt: published?.publishedAt ?? at.slice(0, 10),
      version: published ? (published.version ?? 1) + 1 : 1,
      updatedAt: at,
      sharedBy: author,
      sourceUrl: input.sourceUrl ?? null,
      synthetic: false,
      request: mark,
    };
    if (input.draft) {
      const saved: PracticeDraft = {
        ...content,
        version: published?.version ?? 1,
        savedAt: at,
        savedBy: author,
        open: true,
      };
      await store.commitEvents(this.commit([{ label: 'PracticeDraft', records: [saved] }], []));
      return { ...saved, state: 'draft' };
    }
    const nodes: NodeBatch[] = [{ label: 'Practice', records: [content] }];
    if (published) {
      const version: PracticeVersion = {
        id: `${id}-v${published.version ?? 1}`,
        practice: id,
        version: published.version ?? 1,
        savedAt: published.updatedAt ?? null,
        savedBy: published.sharedBy ?? null,
        content: published,
      };
      nodes.push({ label: 'PracticeVersion', records: [version] });
    }
    // A published draft is closed, not deleted: it stays as the record of what was saved.
    if (draft?.open) nodes.push({ label: 'PracticeDraft', records: [{ ...draft, open: false }] });
    const outbound = this.deps.outbox.practice(content);
    const versionTaken: ProcessedEvent = {
      source: VERSION_LEDGER,
      id: `${id}:v${content.version}`,
      digest: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
      time: at,
      disposition: 'applied',
    };
    await this.deps.store.commitEvents(
      this.commit(nodes, outbound ? [outbound] : [], [{ label: 'Practice', id, time: at }], [versionTaken]),
    );
    await this.announce(practiceItem(content));
    return { ...content, state: 'published' };
  }

  /** Records the author's jurisdiction's decision on another jurisdiction's practice (one per practice and jurisdiction). */
  async adopt(author: Author, input: AdoptInput): Promise<Adoption> {
    const practice = await this.publishedPractice(input.practice, 'input.practice');
    if (practice.jurisdiction === author.jurisdiction) {
      throw badUserInput('input.practice', `is a practice of your own jurisdiction (${author.jurisdiction})`);
    }
    const at = this.now().toISOString();
    const adoption: Adoption = {
      id: `adoption-${practice.id}-${author.jurisdiction.toLowerCase()}`,
      practice: practice.id,
      practiceJurisdiction: practice.jurisdiction,
      jurisdiction: author.jurisdiction,
      agency: author.agency,
      status: input.status,
      date: input.date,
      outcomes: input.outcomes.map(toOutcome),
      note: input.note ?? null,
      recordedAt: at,
      recordedBy: author,
    };
    const others = practice.adoptedBy.filter((j) => j !== author.jurisdiction);
    const adoptedBy: JurisdictionId[] = input.status === 'rejected' ? others : [...others, author.jurisdiction];
    await this.deps.store.commitEvents(
      this.commit(
        [
          { label: 'Adoption', records: [adoption] },
          { label: 'Practice', records: [{ ...practice, adoptedBy }] },
        ],
        [],
        [{ label: 'Adoption', id: adoption.id, time: at }],
      ),
    );
    await this.announce(adoptionItem(adoption));
    return adoption;
  }

  /** Puts a question to the agency that owns a practice; its side's systems are told. */
  async ask(
    author: Author,
    { idempotencyKey, ...input }: { practice: string; text: string; idempotencyKey?: string | null | undefined },
  ): Promise<Question> {
    const practice = await this.publishedPractice(input.practice, 'input.practice');
    if (practice.agency === author.agency) {
      throw badUserInput('input.practice', 'is a practice of your own agency; questions go to another agency');
    }
    const mark = requestMark(input, idempotencyKey);
    const asked = await this.deps.store.find('Question', {
      where: [{ field: 'practice', op: 'in', values: [practice.id] }],
      first: 1000,
    });
    const ours = asked.records.filter((q) => q.askedBy.agency === author.agency);
    const repeated = repeatOf({
      mark,
      records: ours,
      writtenAt: (q) => q.askedAt,
      writtenBy: (q) => q.askedBy.username,
      sender: author.username,
      now: this.now(),
    });
    if (repeated) return repeated;
    const at = this.now().toISOString();
    const question: Question = {
      id: `q-${randomUUID()}`,
      practice: practice.id,
      ownerAgency: practice.agency,
      ownerJurisdiction: practice.jurisdiction,
      text: input.text,
      askedAt: at,
      askedBy: author,
      answers: [],
      updatedAt: at,
      request: mark,
    };
    const outbound = this.deps.outbox.question(question);
    await this.deps.store.commitEvents(
      this.commit([{ label: 'Question', records: [question] }], outbound ? [outbound] : []),
    );
    await this.announce(questionItem(question));
    return question;
  }

  /** An official of the owning agency answers; the asker's feed shows it. */
  async answer(author: Author, input: { question: string; text: string }): Promise<Question> {
    const [question] = await this.deps.store.getByIds('Question', [input.question]);
    if (!question) throw badUserInput('input.question', `no question has the id "${input.question}"`);
    if (question.ownerAgency !== author.agency || question.ownerJurisdiction !== author.jurisdiction) {
      throw new UserFacingError(
        'FORBIDDEN',
        `Only officials of ${question.ownerAgency}, which owns the practice, answer this question.`,
        { question: question.id },
      );
    }
    const at = this.now().toISOString();
    const answer = {
      id: `${question.id}-a${question.answers.length + 1}`,
      text: input.text,
      answeredAt: at,
      answeredBy: author,
    };
    const answered: Question = { ...question, answers: [...question.answers, answer], updatedAt: at };
    await this.deps.store.commitEvents(this.commit([{ label: 'Question', records: [answered] }], []));
    await this.announce(answerItem(answered, answer));
    return answered;
  }

  private async publishedPractice(id: string, field: string): Promise<Practice> {
    const [practice] = await this.deps.store.getByIds('Practice', [id]);
    if (!practice) throw badUserInput(field, `no published practice has the id "${id}"`);
    return practice;
  }

  private async freshId(jurisdiction: JurisdictionId, title: string): Promise<string> {
    const base = `prac-${jurisdiction.toLowerCase()}-${slugOf(title)}`;
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const [p] = await this.deps.store.getByIds('Practice', [id]);
      const [d] = await this.deps.store.getByIds('PracticeDraft', [id]);
      if (!p && !d) return id;
    }
  }

  /** Every referenced topic, service and practice must exist; the error names the first missing one. */
  private async checkReferences(input: ShareInput): Promise<void> {
    const refs: [NodeLabel, string, readonly string[]][] = [
      ['Topic', 'topics', input.topics],
      ['Service', 'relatedServices', input.relatedServices],
      ['Practice', 'inspiredBy', input.inspiredBy],
    ];
    for (const [label, field, ids] of refs) {
      const found = await this.deps.store.getByIds(label, ids);
      const i = found.findIndex((r) => r == null);
      if (i >= 0) throw badUserInput(`input.${field}.${i}`, `no ${label.toLowerCase()} has the id "${ids[i]}"`);
    }
  }

  private commit(
    nodes: NodeBatch[],
    outbox: OutboxMessage[],
    clocks: { label: NodeLabel; id: string; time: string }[] = [],
    processed: ProcessedEvent[] = [],
  ) {
    return { nodes, clocks, processed, receipts: [], outbox };
  }

  private async announce(item: FeedItem): Promise<void> {
    this.feed.publish(item);
    await this.deps.outbox.flush().catch(() => undefined);
  }
}
