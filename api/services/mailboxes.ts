import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { completeGmailConnect, disconnectMailbox, redirectUriOf, startGmailConnect, type MailboxDeps } from "@outreach/core/mailboxes";
import { loadMailboxLoads, MAILBOX_WINDOW_MS, replanMailbox } from "@outreach/core/outreach";
import { providerModes } from "@outreach/providers";
import type { AppDeps } from "../context.ts";
import { audit } from "./audit.ts";
import { requestBatcher } from "./request-batch.ts";

/** Gmail's own daily sending limit (Google Workspace); a consumer account's is 500. */
export const GMAIL_DAILY_LIMIT = 2000;

const mailboxDeps = (deps: AppDeps): MailboxDeps => ({ db: deps.db, env: deps.env, redis: deps.redis, providers: deps.providers, key: deps.mailboxKey });

export function mailboxSetup(deps: AppDeps) {
  const mode = providerModes(deps.env).gmail;
  return {
    redirectUri: redirectUriOf(deps.env),
    configured: mode === "sandbox" || (!!deps.env.GMAIL_CLIENT_ID && !!deps.env.GMAIL_CLIENT_SECRET),
    sandbox: mode === "sandbox",
  };
}

export async function connectGmail(deps: AppDeps, userId: string, mailboxId: string | null): Promise<{ url: string }> {
  if (!mailboxSetup(deps).configured) throw new ConflictError("Gmail is not set up on this server: set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET (docs/production.md, “Create the Google OAuth client”).");
  const { url } = await startGmailConnect(mailboxDeps(deps), userId, { mailboxId });
  return { url };
}

export async function finishGmailConnect(deps: AppDeps, userId: string, input: { code: string; state: string }) {
  if (!input.code || input.code.length > 2000) throw ValidationError.field("code", "is missing or too long");
  const result = await completeGmailConnect(mailboxDeps(deps), userId, input);
  if (result.kind === "connected") {
    await audit(deps.db, userId, result.reconnected ? "mailbox.reconnect" : "mailbox.connect", result.mailboxId);
    await replanMailbox(deps, result.mailboxId);
  }
  return result;
}

export async function disconnect(deps: AppDeps, userId: string, mailboxId: string) {
  const { revokedAtGoogle } = await disconnectMailbox(mailboxDeps(deps), userId, mailboxId);
  await audit(deps.db, userId, "mailbox.disconnect", mailboxId, { revokedAtGoogle });
  return deps.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
}

export async function setMailboxDailyCap(deps: AppDeps, userId: string, mailboxId: string, dailyCap: number) {
  if (!Number.isInteger(dailyCap) || dailyCap < 1 || dailyCap > GMAIL_DAILY_LIMIT) {
    throw ValidationError.field("dailyCap", `must be between 1 and ${GMAIL_DAILY_LIMIT} (Gmail's own daily limit)`);
  }
  const mailbox = await deps.db.mailbox.update({ where: { id: await ownedMailboxId(deps, userId, mailboxId) }, data: { dailyCap } });
  await audit(deps.db, userId, "mailbox.update", mailboxId, { dailyCap });
  await replanMailbox(deps, mailboxId);
  return mailbox;
}

const sentBatch = requestBatcher(async (ctx: Pick<AppDeps, "db">, ids) => {
  const now = new Date();
  const loads = await loadMailboxLoads(ctx.db, ids, now);
  return new Map([...loads].map(([id, l]) => [id, l.sends.filter((t) => t > now.getTime() - MAILBOX_WINDOW_MS).length]));
});

/** Sends from a mailbox in the last 24 hours (what its daily cap counts); a list of mailboxes is read in one query. */
export const sentLast24h = async (ctx: Pick<AppDeps, "db">, mailboxId: string): Promise<number> => (await sentBatch(ctx, mailboxId)) ?? 0;

/** The mailbox a campaign may use: one of the user's own. */
export async function ownedMailboxId(deps: Pick<AppDeps, "db">, userId: string, mailboxId: string): Promise<string> {
  const m = await deps.db.mailbox.findFirst({ where: { id: mailboxId, userId }, select: { id: true } });
  if (!m) throw new NotFoundError("Mailbox");
  return m.id;
}
