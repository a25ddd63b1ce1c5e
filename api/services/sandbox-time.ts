import { ConflictError } from "@outreach/core";
import { makeFollowUpDueNow } from "@outreach/core/outreach";
import type { Job } from "@outreach/db";
import { providerModes } from "@outreach/providers";
import type { AppDeps } from "../context.ts";
import { audit } from "./audit.ts";
import { findOwnedProspect } from "./prospects.ts";

/**
 * Test tools, sandbox only: "make the next follow-up of this prospect due now", so a person (or a
 * browser test) sees a threaded follow-up within a minute instead of days. With Gmail live it is
 * refused: real recipients get follow-ups on the campaign's real schedule.
 */
export async function followUpDueNow(deps: AppDeps, userId: string, prospectId: string): Promise<Job> {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  if (providerModes(deps.env).gmail !== "sandbox") {
    throw new ConflictError("Gmail is live: follow-ups keep the campaign's real schedule. Moving time is only for the sandbox.");
  }
  const r = await makeFollowUpDueNow(deps, prospect.id);
  if (!r.ok) throw new ConflictError(r.reason);
  await audit(deps.db, userId, "prospect.followUpDueNow", prospect.id, { step: r.step });
  return deps.db.job.findUniqueOrThrow({ where: { id: r.jobRowId } });
}
