import type { ObjectRef } from '@pothos/core';
import { checkId } from '../../../schema/args.js';
import type { NodeLabel, NodeOf } from '../../../schema/domain/index.js';
import { notFound } from '../../../schema/errors.js';
import type { KnowledgeContext } from '../context.js';
import { builder, type KnowledgeTypes } from './builder.js';

/** A root field `<name>(id: ID!)` answering one record, or null with NOT_FOUND naming the id. */
export function byIdQueryField<L extends NodeLabel>(
  name: string,
  label: L,
  type: ObjectRef<KnowledgeTypes, NodeOf<L>>,
) {
  builder.queryField(name, (t) =>
    t.field({
      description: `One ${name} by id; null with a NOT_FOUND error when there is none.`,
      type,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      // Pothos cannot relate the generic record type to the ref's shape; the ref was built for it.
      resolve: (async (_root: unknown, { id }: { id: string }, ctx: KnowledgeContext) => {
        const record = await ctx.loaders.byId(label).load(checkId(id));
        if (!record) throw notFound(name, id);
        return record;
      }) as never,
    }),
  );
}
