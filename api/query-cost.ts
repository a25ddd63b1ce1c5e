import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
  type ASTVisitor,
} from "graphql";

/**
 * Query cost: about how many fields a query can resolve, with lists counted by their size. A page
 * (first/last) counts as its size, capped at what the list serves (a variable counts as the cap);
 * the edges of a connection count as its page; other lists as PLAIN_LIST_SIZE. The limit lets a
 * full page (100) of the largest list with every field and its nested lists through and refuses
 * lists of lists of pages before anything runs.
 */
export const COST = { maxCost: 20_000, pageCap: 100, eventsCap: 1000, plainListSize: 5 } as const;

const PAGING_ARGS = new Set(["first", "last"]);

export function queryCostRule(maxCost: number = COST.maxCost) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    return {
      OperationDefinition(op) {
        const root =
          op.operation === "query" ? context.getSchema().getQueryType()
          : op.operation === "mutation" ? context.getSchema().getMutationType()
          : context.getSchema().getSubscriptionType();
        if (!root) return;
        const cost = Math.round(selectionCost(op.selectionSet, root, undefined, { schema: context.getSchema(), fragments, visiting: new Set() }));
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `Query too expensive: it could resolve about ${cost.toLocaleString("en-US")} fields, and the limit is ${maxCost.toLocaleString("en-US")}. Ask for smaller pages (first/last) or fewer nested lists.`,
              { nodes: op, extensions: { code: "QUERY_TOO_EXPENSIVE", cost, maxCost } },
            ),
          );
        }
      },
    };
  };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  visiting: Set<string>;
}

function selectionCost(set: SelectionSetNode, type: GraphQLNamedType, pageSize: number | undefined, walk: Walk): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      cost += selectionCost(selection.selectionSet, on ?? type, pageSize, walk);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || walk.visiting.has(fragment.name.value)) continue; // cycles are refused by another rule
      walk.visiting.add(fragment.name.value);
      cost += selectionCost(fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? type, pageSize, walk);
      walk.visiting.delete(fragment.name.value);
      continue;
    }
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    const field = fields[selection.name.value];
    if (!field) {
      cost += 1; // __typename, or a field another rule refuses
      continue;
    }
    const paging = pagingSize(selection.arguments ?? [], selection.name.value);
    const childType = getNamedType(field.type);
    const children = selection.selectionSet && !isLeafType(childType)
      ? selectionCost(selection.selectionSet, childType, paging ?? undefined, walk)
      : 0;
    const size = isList(field.type) ? (paging ?? pageSize ?? COST.plainListSize) : 1;
    cost += 1 + size * children + (isList(field.type) && !selection.selectionSet ? size - 1 : 0);
  }
  return cost;
}

function pagingSize(args: readonly { name: { value: string }; value: ValueNode }[], fieldName: string): number | null {
  const cap = fieldName === "events" ? COST.eventsCap : COST.pageCap;
  let size: number | null = null;
  for (const arg of args) {
    if (!PAGING_ARGS.has(arg.name.value)) continue;
    const n = arg.value.kind === Kind.INT ? Number(arg.value.value) : cap; // a variable: as large as allowed
    size = Math.max(size ?? 0, Math.min(Math.max(n, 0), cap));
  }
  return size;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

