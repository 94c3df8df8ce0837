import { createBuilder } from '../../../schema/builder.js';
import type { KnowledgeContext } from '../context.js';

export const builder = createBuilder<KnowledgeContext>();
