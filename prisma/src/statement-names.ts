/** Distinct SQL texts that get a prepared statement on each connection; later ones run unnamed. */
export const PREPARED_STATEMENTS_KEPT = 500;

const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * Names the statements Prisma sends, so that pg parses each once per connection and PostgreSQL
 * keeps its parse tree (and, after a few runs, its plan) instead of redoing both on every request.
 * Prisma builds the same SQL text for the same query shape, so a few hundred names cover the app;
 * the cap bounds what each connection and server backend holds when raw or IN-list texts vary.
 * Transaction control (BEGIN, COMMIT, SET) is left unnamed.
 */
export function createStatementNamer(kept = PREPARED_STATEMENTS_KEPT): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (names.size >= kept || !PREPARABLE.test(sql)) return undefined;
    const name = `prisma_${names.size}`;
    names.set(sql, name);
    return name;
  };
}
