import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/client/client.ts";

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
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    // pg-pool hands a released client to a waiting caller synchronously, while the rest of the
    // server's bytes are still being parsed: a "terminating connection" (FATAL) that arrived in
    // the same read then hits a client with no 'error' listener, and Node ends the process.
    // A permanent listener keeps the process alive; the pool still drops the dead client and
    // the query that gets it fails like any other lost connection.
    onConnect: (client) => void client.on("error", () => {}),
  });
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query" as never, (e: { query: string }) => options.onQuery!(e.query));
  return client;
}
