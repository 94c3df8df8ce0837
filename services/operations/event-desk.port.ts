/**
 * The event desk port: what the operators' tools need of the event side (the dead-letter queue,
 * replay through the connectors, the messages on a topic, the partner catalogue), without knowing
 * the transport, the CloudEvents binding or the pipeline. The connectors implement it
 * (connectors/pipeline/event-desk.ts) and the composition root (services/platform) wires it.
 */
import type { Delivery } from '../graph/graph-store.port.js';

/** A replayer's lease on a dead letter: it holds the letter from `since` to `until` (ISO 8601). */
export interface DeadLetterClaim {
  /** The replayer: what, who, host and process (`gba dlq replay alice@host pid 4242 #1a2b3c4d`). */
  readonly by: string;
  readonly since: string;
  readonly until: string;
}

export interface DeadLetterEntry {
  readonly dlqOffset: string;
  /** The last claim on the letter, lapsed or not (compare `until` with now), or null when none holds it. */
  readonly claim: DeadLetterClaim | null;
  readonly reason: string;
  /**
   * The reason the letter was first refused for, when a replay refused it for another (a FUTURE_TIME
   * letter whose key was retired since is KEY_RETIRED now); absent otherwise. Never lost by replays.
   */
  readonly firstReason?: string;
  readonly message: string;
  readonly eventId: string | null;
  readonly source: string | null;
  readonly time: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A dead letter: what the queue says of it, and the original message, byte for byte. */
export interface DeadLetter {
  readonly entry: DeadLetterEntry;
  readonly raw: {
    readonly key: string | null;
    readonly value: Buffer;
    readonly headers: Readonly<Record<string, string>>;
  };
}

/** A letter a replay sent back already: who sent it (the replayer, as a claim names it) and when. */
export interface ReplayedLetter extends DeadLetter {
  readonly replayedBy: string;
  readonly replayedAt: string;
}

/** A message on a topic with its CloudEvents attributes (null where it does not decode). */
export interface TopicEvent {
  readonly partition: number;
  readonly offset: string;
  /** Milliseconds since the epoch when the log appended it. */
  readonly timestamp: string;
  readonly id: string | null;
  readonly type: string | null;
  readonly subject: string | null;
  readonly source: string | null;
}

/** A partner system as the operators see it (connectors/partners/catalogue.ts holds them). */
export interface PartnerInfo {
  readonly source: string;
  readonly name: string;
  readonly side: string;
  readonly jurisdiction: string;
  readonly agency: string;
  readonly clientId: string | null;
  /** The event type prefixes it may send. */
  readonly typePrefixes: readonly string[];
}

export interface EventDesk {
  readonly partners: readonly PartnerInfo[];
  /** The topics partner systems publish on. */
  readonly inboundTopics: readonly string[];
  /** The topics the platform publishes on for the partners. */
  readonly outboundTopics: readonly string[];
  /** The dead letters not yet replayed, claimed ones included (with their claim), oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** The letters a replay sent back already, oldest first: what a replay that came second is told. */
  replayedLetters(): Promise<ReplayedLetter[]>;
  /**
   * Claims the letters, sends those claimed back to their topics, marked as replays, and waits until
   * the connectors have handled them; per letter, in order, where it went, or null when it was not
   * sent (another replayer of the same queue holds a claim on it that has not lapsed, or replayed it).
   * A letter is claimed by one replayer at a time (the CLI and the platform, any process or host); a
   * claim is a lease, so a replayer that dies leaves its letters listed and claimable once it lapses.
   */
  replay(letters: readonly DeadLetter[]): Promise<(Delivery | null)[]>;
  /** Every message of a topic. */
  messages(topic: string): Promise<TopicEvent[]>;
}
