/**
 * Announcements as they are published, for `announcementPublished` subscribers in this process: from
 * `publishAnnouncement` and from partner events the connectors apply (services/platform wires both).
 */
import { createPubSub, filter, pipe } from 'graphql-yoga';
import type { Announcement } from '../../schema/domain/index.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { Outbox } from '../shared/outbox.port.js';

export interface AnnouncementFilter {
  readonly jurisdiction?: string | null;
  readonly importance?: string | null;
}

export class AnnouncementChannel {
  private readonly pubsub = createPubSub<{ published: [Announcement] }>();

  publish(announcement: Announcement): void {
    this.pubsub.publish('published', announcement);
  }

  subscribe({ jurisdiction, importance }: AnnouncementFilter): AsyncIterable<Announcement> {
    return pipe(
      this.pubsub.subscribe('published'),
      filter(
        (a: Announcement) =>
          (!jurisdiction || a.jurisdiction === jurisdiction) && (!importance || a.importance === importance),
      ),
    );
  }
}

/** What `publishAnnouncement`, `correctAnnouncement` and `withdrawAnnouncement` need: store it with its outbound event in one commit, then tell subscribers. */
export class AnnouncementDesk {
  constructor(
    private readonly deps: {
      readonly store: GraphStore;
      readonly channel: AnnouncementChannel;
      /** Builds the announcement's outbound event and publishes what the commit queued. */
      readonly outbox: Outbox;
    },
  ) {}

  /** Stores a new announcement, a correction or a withdrawal (`at` is when), queued for the partners alike. */
  async publish(announcement: Announcement, at = announcement.publishedAt): Promise<void> {
    const outbound = this.deps.outbox.announcement(announcement);
    await this.deps.store.commitEvents({
      nodes: [{ label: 'Announcement', records: [announcement] }],
      clocks: [{ label: 'Announcement', id: announcement.id, time: at }],
      processed: [],
      receipts: [],
      outbox: outbound ? [outbound] : [],
    });
    this.deps.channel.publish(announcement);
    await this.deps.outbox.flush().catch(() => undefined);
  }

  subscribe(filter: AnnouncementFilter): AsyncIterable<Announcement> {
    return this.deps.channel.subscribe(filter);
  }
}
