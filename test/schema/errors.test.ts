/**
 * fieldRefusal builds a located UserFacingError without graphql-js's constructor (it is made for
 * every personal field a viewer may not see): it must be the same error as the constructor's, for
 * graphql-js (a located error is taken as it is), the masking (a coded GraphQLError) and the answer.
 */
import { GraphQLError, type GraphQLResolveInfo, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldRefusal, UserFacingError } from '../../schema/errors.js';

const document = parse('{ case(id: "case-0001") {\n  id\n  applicant { phone email } } }');
const operation = document.definitions[0] as OperationDefinitionNode;
const kase = operation.selectionSet.selections[0];
if (kase?.kind !== Kind.FIELD || !kase.selectionSet) throw new Error('the test document is a field');
const applicant = kase.selectionSet.selections[1];
if (applicant?.kind !== Kind.FIELD || !applicant.selectionSet) throw new Error('the test document is a field');
const phone = applicant.selectionSet.selections[0];
if (phone?.kind !== Kind.FIELD) throw new Error('the test document is a field');
const { loc: _loc, ...phoneWithoutLocation } = phone;

type Location = Pick<GraphQLResolveInfo, 'fieldNodes' | 'path'>;
const path = {
  prev: { prev: { prev: undefined, key: 'case', typename: 'Query' }, key: 'applicant', typename: 'Case' },
  key: 'phone',
  typename: 'Applicant',
};

const cases: { name: string; at: Location }[] = [
  { name: 'a field node of a parsed document', at: { fieldNodes: [phone], path } },
  { name: 'a field node without a location', at: { fieldNodes: [phoneWithoutLocation], path } },
  { name: 'no field node', at: { fieldNodes: [], path } },
];

/** Every own property with its enumerability, in order; the stack aside (frames are never kept). */
const shape = (error: object) =>
  Reflect.ownKeys(error)
    .filter((k) => k !== 'stack')
    .map((k) => [
      k,
      Object.getOwnPropertyDescriptor(error, k)?.enumerable,
      (error as Record<string | symbol, unknown>)[k],
    ]);

describe('a field refused through fieldRefusal', () => {
  it.each(cases)('is the error the constructor makes, at $name', ({ at }) => {
    const extensions = { category: 'contact', caseId: 'case-0001' };
    const message = "No active consent lets this viewer see the applicant's contact data.";
    const built = new UserFacingError('CONSENT_REQUIRED', message, extensions, null, at);
    // The same field refused again (its place in the document then known) is the same error too.
    for (const made of [1, 2].map(() => fieldRefusal('CONSENT_REQUIRED', message, extensions, at))) {
      expect(made).toBeInstanceOf(UserFacingError);
      expect(made).toBeInstanceOf(GraphQLError);
      expect(made).toBeInstanceOf(Error);
      expect(shape(made)).toEqual(shape(built));
      expect(JSON.stringify(made)).toBe(JSON.stringify(built));
      expect(String(made)).toBe(String(built));
    }
  });

  it('answers with the field’s path and its line and column in the document', () => {
    const made = fieldRefusal('CONSENT_REQUIRED', 'refused', { category: 'contact' }, { fieldNodes: [phone], path });
    expect(made.toJSON()).toEqual({
      message: 'refused',
      locations: [{ line: 3, column: 15 }],
      path: ['case', 'applicant', 'phone'],
      extensions: { category: 'contact', code: 'CONSENT_REQUIRED' },
    });
  });
});
