import type { Env, EventBus } from "@outreach/contracts";
import { gmailForMailbox, resolveMailboxKey, type MailboxKey } from "../mailboxes/index.ts";
import type { Db } from "@outreach/db";
import type { CallContext, GmailClient, ProviderMode, Providers } from "@outreach/providers";
import { providersForJob, type JobDeps, type Queues } from "../jobs/index.ts";

/**
 * What the outreach services (send, follow-ups, reply sync, reconcile) need: the job deps plus
 * the Gmail client of any connected mailbox (calls attributed to the job or user), and whether
 * Gmail is live or the sandbox fake.
 */
export interface DeliveryDeps {
  db: Db;
  bus: EventBus;
  queues: Queues;
  env: Env;
  /** The Gmail client of a connected mailbox; throws MailboxUnavailableError when it is not connected. */
  gmailFor(mailboxId: string): Promise<GmailClient>;
  gmailMode: ProviderMode;
  /** The clock (tests move it). */
  now?: () => Date;
}

export const nowOf = (d: Pick<DeliveryDeps, "now">) => (d.now ? d.now() : new Date());

const keys = new WeakMap<Env, MailboxKey>();
/** The mailbox key of this env (resolved once: in development it is read from .data/). */
export function mailboxKeyOf(env: Env): MailboxKey {
  let key = keys.get(env);
  if (!key) keys.set(env, (key = resolveMailboxKey(env)));
  return key;
}

/** Runs fn with DeliveryDeps built from JobDeps (Gmail attributed to `context`), closing them after. */
export async function withDelivery<T>(
  deps: JobDeps & { providers?: Providers; now?: () => Date },
  context: CallContext,
  fn: (d: DeliveryDeps) => Promise<T>,
): Promise<T> {
  const p = providersForJob(deps, context);
  const clients = new Map<string, Promise<GmailClient>>();
  const gmailFor = (mailboxId: string) => {
    let c = clients.get(mailboxId);
    if (!c) {
      c = gmailForMailbox(deps.db, p.providers, mailboxKeyOf(deps.env), mailboxId);
      c.catch(() => clients.delete(mailboxId));
      clients.set(mailboxId, c);
    }
    return c;
  };
  try {
    return await fn({ db: deps.db, bus: deps.bus, queues: deps.queues, env: deps.env, gmailFor, gmailMode: p.providers.modes.gmail, now: deps.now });
  } finally {
    await p.close();
  }
}
