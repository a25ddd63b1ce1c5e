/**
 * The rows a test starts from, one file per domain (Redwood's scenarios). Every seeder takes the
 * Prisma client first and returns what it created.
 */
export { seedUser } from "./users.ts";
export { seedCampaign } from "./campaigns.ts";
export { seedMailbox, SANDBOX_MAILBOX } from "./mailboxes.ts";
export { seedProspects, seedDiscovered } from "./prospects.ts";
export { SENDS_ANY_TIME, seedSendingCampaign, seedProspect, seedEmailLog, seedApproved, seedSent, seedSendable } from "./outreach.ts";
