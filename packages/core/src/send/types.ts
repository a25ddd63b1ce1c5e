import type { Db, Prisma } from "@outreach/db";

/** The Prisma client or a transaction's client: every rule works inside or outside one. */
export type DbClient = Db | Prisma.TransactionClient;
