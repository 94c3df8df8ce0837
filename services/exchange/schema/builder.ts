import { createBuilder } from '../../../schema/builder.js';
import type { ExchangeContext } from '../context.js';

export const builder = createBuilder<ExchangeContext>();
