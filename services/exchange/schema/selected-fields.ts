/**
 * The names of the fields a query asks of the object a field returns, as graphql-js collects them
 * before it resolves them (collectSubfields in graphql/execution/collectFields): the sub-selections
 * of every node of the field, through inline fragments and fragment spreads whose type condition
 * holds, leaving out what `@skip`/`@include` leave out for this request's variables. A field under
 * `@defer` is counted: it is resolved too, later.
 *
 * graphql-js's own function is not imported, nor its type predicates (isObjectType, …): the schema
 * may be made of the other build of graphql-js (CommonJS or ESM) than this module loads, and those
 * refuse its types. The schema's own methods and plain property reads serve instead.
 */
import {
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  type InlineFragmentNode,
  Kind,
  type SelectionSetNode,
} from 'graphql';

type Asked = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'fieldNodes' | 'returnType'>;
type Node = Parameters<typeof getDirectiveValues>[1];

export function selectedFieldNames(info: Asked): Set<string> {
  const names = new Set<string>();
  const type = namedType(info.returnType);
  if (!type) return names;
  const visited = new Set<string>();
  for (const node of info.fieldNodes) if (node.selectionSet) collect(info, type, node.selectionSet, names, visited);
  return names;
}

function collect(
  info: Asked,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  names: Set<string>,
  visited: Set<string>,
): void {
  for (const selection of set.selections) {
    if (!included(info, selection)) continue;
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (matches(info, selection, type)) collect(info, type, selection.selectionSet, names, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = info.fragments[selection.name.value];
      if (fragment && matches(info, fragment, type)) collect(info, type, fragment.selectionSet, names, visited);
    }
  }
}

/** graphql-js's shouldIncludeNode: `@skip(if: true)` leaves a node out, and so does `@include(if: false)`. */
function included(info: Asked, node: Node): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** graphql-js's doesFragmentConditionMatch. */
function matches(info: Asked, fragment: InlineFragmentNode | FragmentDefinitionNode, type: GraphQLObjectType): boolean {
  const condition = fragment.typeCondition;
  if (!condition) return true;
  const named = info.schema.getType(condition.name.value);
  if (named === type) return true;
  return named !== undefined && info.schema.isSubType(named as GraphQLAbstractType, type);
}

/** The object type inside the list and non-null wrappers, if it is one (it has fields). */
function namedType(type: GraphQLOutputType): GraphQLObjectType | undefined {
  let t: GraphQLOutputType = type;
  while ('ofType' in t) t = t.ofType;
  return 'getInterfaces' in t ? (t as GraphQLObjectType) : undefined;
}
