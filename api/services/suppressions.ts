import { z } from "zod";
import { NotFoundError } from "@outreach/core";
import { addSuppression as addToList } from "@outreach/core/suppression";
import type { Db, Prisma } from "@outreach/db";
import { audit } from "./audit.ts";
import { parseInput } from "./validation.ts";

const suppressionInput = z.object({
  value: z.string().trim().min(1, "is required").max(254),
  note: z.string().max(1000).optional(),
});

export async function addManualSuppression(db: Db, userId: string, raw: unknown) {
  const input = parseInput(suppressionInput, raw);
  const row = await addToList(db, userId, input.value, "manual", input.note);
  if (row.created) await audit(db, userId, "suppression.add", row.id, { value: row.value });
  return row;
}

export async function removeSuppression(db: Db, userId: string, id: string) {
  const row = await db.suppression.findFirst({ where: { id, userId } });
  if (!row) throw new NotFoundError("Suppression");
  await db.suppression.delete({ where: { id: row.id } });
  await audit(db, userId, "suppression.remove", row.id, { value: row.value, reason: row.reason });
  return row;
}

export function suppressionWhere(userId: string, search?: string | null): Prisma.SuppressionWhereInput {
  return { userId, ...(search ? { value: { contains: search.trim().toLowerCase() } } : {}) };
}
