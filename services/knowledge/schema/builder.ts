import { createBuilder } from '../../../schema/builder.js';
import type { KnowledgeContext } from '../context.js';

export const builder = createBuilder<KnowledgeContext>();

/** The builder's resolved schema types, for helpers that take object refs. */
export type KnowledgeTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
