import { ValidationError } from "@outreach/core";
import type { FieldLabels } from "@outreach/contracts";
import type { z } from "zod";

/** zod at the boundary: a failure becomes a ValidationError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, prefix: string[] = [], labels?: FieldLabels): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix, labels);
  return result.data;
}
