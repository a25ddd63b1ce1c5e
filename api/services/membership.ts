import { ValidationError } from "@outreach/core";
import type { Db, Prisma } from "@outreach/db";

/** Most filters one membership question may name: each distinct filter is one SELECT. */
export const MAX_MEMBERSHIP_FILTERS = 50;

/**
 * For each id, whether its row is in each filtered list, the list being given by the where its
 * connection uses (so a client keeping cached lists in step asks the rule instead of copying it).
 * One SELECT per distinct filter for all the ids at once, in one read-only snapshot so the answers
 * agree with each other (a row moving between two lists is never in both or neither).
 */
export async function listMembership<F, W>(
  db: Db,
  ids: readonly string[],
  filters: readonly F[],
  toWhere: (filter: F) => W,
  idsIn: (where: W, ids: string[]) => Prisma.PrismaPromise<{ id: string }[]>,
): Promise<Map<string, boolean[]>> {
  if (filters.length > MAX_MEMBERSHIP_FILTERS) {
    throw ValidationError.field("filters", `can hold at most ${MAX_MEMBERSHIP_FILTERS} filters at a time (got ${filters.length})`);
  }
  const wheres = filters.map(toWhere);
  const keys = wheres.map((w) => JSON.stringify(w));
  const distinct = [...new Set(keys)];
  const unique = [...new Set(ids)];
  const rows = unique.length && distinct.length
    ? await db.$transaction(
        distinct.map((key) => idsIn(wheres[keys.indexOf(key)]!, unique)),
        { isolationLevel: "RepeatableRead" },
      )
    : [];
  const found = rows.map((r) => new Set(r.map((row) => row.id)));
  return new Map(unique.map((id) => [id, keys.map((k) => found[distinct.indexOf(k)]!.has(id))]));
}

const batches = new WeakMap<object, Map<string, { ids: Set<string>; result: Promise<Map<string, boolean[]>> }>>();

/**
 * Answers the membership questions asked while one result is resolved (every prospect of a page,
 * several aliased nodes) with one `load` per distinct question, not one per row. `scope` is the
 * request's context; `key` names the question (type and filters).
 */
export function batchMembership(
  scope: object,
  key: string,
  id: string,
  load: (ids: string[]) => Promise<Map<string, boolean[]>>,
): Promise<boolean[]> {
  let open = batches.get(scope);
  if (!open) batches.set(scope, (open = new Map()));
  let batch = open.get(key);
  if (!batch) {
    const ids = new Set<string>();
    const byKey = open;
    // setImmediate, not a microtask: sibling nodes whose rows arrive in the same read still join.
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      byKey.delete(key);
      return load([...ids]);
    });
    batch = { ids, result };
    open.set(key, batch);
  }
  batch.ids.add(id);
  return batch.result.then((answers) => answers.get(id)!);
}
