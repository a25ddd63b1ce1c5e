import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client/client.ts";

export * from "../generated/client/client.ts";
export { Prisma } from "../generated/client/client.ts";

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Pool size per process. */
  max?: number;
  /** Called with every SQL statement; tests count statements with it. */
  onQuery?: (sql: string) => void;
}

export function createDb(databaseUrl: string, options: CreateDbOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query" as never, (e: { query: string }) => options.onQuery!(e.query));
  return client;
}
