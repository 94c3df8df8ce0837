/**
 * The canonical model: one zod schema per entity, the single source of truth for the graph store,
 * the seed loader and the GraphQL types.
 */
import type { z } from 'zod';
import { Agency } from './agency.js';
import { Announcement } from './announcement.js';
import { Case } from './case.js';
import { Consent } from './consent.js';
import { ConsentRequest } from './consent-request.js';
import { Adoption, PracticeDraft, PracticeVersion, Question } from './cooperation.js';
import { Jurisdiction } from './jurisdiction.js';
import { Person } from './person.js';
import { Practice } from './practice.js';
import { Service } from './service.js';
import { Topic } from './topic.js';
import { WriteRequest } from './write-request.js';

export * from './agency.js';
export * from './announcement.js';
export * from './case.js';
export * from './common.js';
export * from './consent.js';
export * from './consent-request.js';
export * from './cooperation.js';
export * from './jurisdiction.js';
export * from './person.js';
export * from './practice.js';
export * from './service.js';
export * from './topic.js';
export * from './write-request.js';

/** Node labels of the graph, as Neo4j spells them. */
export const NODE_SCHEMAS = {
  Jurisdiction,
  Agency,
  Topic,
  Service,
  Practice,
  Person,
  Case,
  Consent,
  ConsentRequest,
  Announcement,
  PracticeDraft,
  PracticeVersion,
  Adoption,
  Question,
  WriteRequest,
} as const;
export type NodeLabel = keyof typeof NODE_SCHEMAS;
export const NODE_LABELS = Object.keys(NODE_SCHEMAS) as NodeLabel[];
export type NodeOf<L extends NodeLabel> = z.infer<(typeof NODE_SCHEMAS)[L]>;
