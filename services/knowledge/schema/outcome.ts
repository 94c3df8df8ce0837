import type { Outcome } from '../../../schema/domain/index.js';
import { builder } from './builder.js';

export const OutcomeRef = builder.objectRef<Outcome>('Outcome').implement({
  description:
    'A measured result of a practice. `sourced` tells a figure from a source from a self-reported or illustrative one.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    value: t.exposeFloat('value'),
    unit: t.exposeString('unit', { description: 'States "more than" or "approx." where the source does.' }),
    asOf: t.exposeString('asOf', { description: 'ISO 8601 date the figure refers to.' }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true }),
    synthetic: t.exposeBoolean('synthetic'),
    sourced: t.boolean({
      description: 'True when the figure comes from a cited public source; false when self-reported or illustrative.',
      resolve: (o) => !o.synthetic && Boolean(o.sourceUrl),
    }),
    selfReported: t.boolean({
      description: 'True when no source is given: the figure is as its reporter stated it.',
      resolve: (o) => !o.sourceUrl,
    }),
  }),
});
