import { PrismaPg } from "@prisma/adapter-pg";
import type { ClientBase } from "pg";
import { PrismaClient, type Prisma } from "../generated/client/client.ts";
import { createStatementNamer } from "./statement-names.ts";

export * from "../generated/client/client.ts";
export { Prisma } from "../generated/client/client.ts";

export type Db = PrismaClient;

/** The Prisma client or a transaction's client: rules that work inside or outside a transaction take this. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export interface CreateDbOptions {
  /** Pool size per process. */
  max?: number;
  /** Called with every SQL statement; tests count statements with it. */
  onQuery?: (sql: string) => void;
}

export function createDb(databaseUrl: string, options: CreateDbOptions = {}): PrismaClient {
  const { onQuery } = options;
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.max ?? 10,
      // pg-pool hands a released client to a waiting caller synchronously, while the rest of the
      // server's bytes are still being parsed: a "terminating connection" (FATAL) that arrived in
      // the same read then hits a client with no 'error' listener, and Node ends the process.
      // A permanent listener keeps the process alive; the pool still drops the dead client and
      // the query that gets it fails like any other lost connection.
      onConnect: (client) => {
        client.on("error", () => {});
        if (onQuery) countStatements(client, onQuery);
      },
    },
    // The type asks for a name every time; pg runs a statement without one unnamed, as before.
    { statementNameGenerator: createStatementNamer() as (query: { sql: string }) => string },
  );
  return new PrismaClient({ adapter });
}

/**
 * Reports each statement as the connection sends it. Prisma's own query log would do the same but
 * costs every query an event with its serialized parameters, which a benchmark would then measure.
 */
function countStatements(client: ClientBase, onQuery: (sql: string) => void): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0];
    onQuery(typeof config === "string" ? config : (config as { text: string }).text);
    return query(...args);
  };
}
