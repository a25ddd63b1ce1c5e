import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { connectGmail, disconnect, finishGmailConnect, mailboxSetup, sentLast24h, setMailboxDailyCap } from "../services/mailboxes.ts";

export const MailboxStatusEnum = builder.enumType("MailboxStatus", {
  values: {
    connected: { description: "Sending and reply sync work." },
    needs_reconnect: { description: "Google refused the stored token (revoked, expired, a permission missing): its campaigns are paused until Reconnect." },
    disconnected: { description: "Disconnected by the user: the token was revoked at Google and deleted." },
  },
});

interface SendAsShape {
  email: string;
  displayName: string;
  isPrimary: boolean;
  verified: boolean;
}

const SendAsAlias = builder.objectRef<SendAsShape>("SendAsAlias").implement({
  description: "An address the mailbox may send as (Gmail users.settings.sendAs).",
  fields: (t) => ({
    email: t.exposeString("email"),
    displayName: t.exposeString("displayName"),
    isPrimary: t.exposeBoolean("isPrimary"),
    verified: t.exposeBoolean("verified"),
  }),
});

export const MailboxNode = builder.prismaNode("Mailbox", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, userId: requireViewer(ctx).id }),
  fields: (t) => ({
    address: t.exposeString("address"),
    displayName: t.exposeString("displayName"),
    sendAs: t.field({
      type: [SendAsAlias],
      resolve: (m) => (Array.isArray(m.sendAs) ? (m.sendAs as unknown as SendAsShape[]) : []),
    }),
    status: t.expose("status", { type: MailboxStatusEnum }),
    statusReason: t.exposeString("statusReason", { nullable: true }),
    statusChangedAt: t.expose("statusChangedAt", { type: "DateTime" }),
    grantedScopes: t.exposeStringList("grantedScopes"),
    dailyCap: t.exposeInt("dailyCap", { description: "Emails per rolling 24 hours from this mailbox, all its campaigns together (at most Gmail's own limit)." }),
    sentLast24h: t.int({ description: "Emails sent from it in the last 24 hours.", resolve: (m, _args, ctx) => sentLast24h(ctx, m.id) }),
    quotaResetAt: t.expose("quotaResetAt", { type: "DateTime", nullable: true, description: "Gmail said its daily limit is reached: nothing is sent from it before this time." }),
    lastSyncedAt: t.expose("lastSyncedAt", { type: "DateTime", nullable: true, description: "When replies and bounces were last read." }),
    unmatchedReports: t.relationCount("unmatched", { description: "Bounce reports in this inbox that matched no email this mailbox sent (never applied to anyone)." }),
    campaigns: t.relation("campaigns", { query: { orderBy: { createdAt: "desc" } } }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const MailboxSetup = builder.objectRef<ReturnType<typeof mailboxSetup>>("MailboxSetup").implement({
  fields: (t) => ({
    redirectUri: t.exposeString("redirectUri", { description: "The authorized redirect URI to enter in Google Cloud Console for the OAuth client." }),
    configured: t.exposeBoolean("configured", { description: "GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET are set (or the sandbox fake is used)." }),
    sandbox: t.exposeBoolean("sandbox", { description: "Gmail is the project's fake: the consent page and mailboxes are pretend, nothing leaves the machine." }),
  }),
});

const MissingPermission = builder.objectRef<{ scope: string; description: string }>("MissingPermission").implement({
  fields: (t) => ({ scope: t.exposeString("scope"), description: t.exposeString("description") }),
});

type ConnectResult = Awaited<ReturnType<typeof finishGmailConnect>>;
const GmailConnectResult = builder.objectRef<ConnectResult>("GmailConnectResult").implement({
  description: "Either the connected mailbox, or the permissions that were unticked on Google's page (then nothing was stored).",
  fields: (t) => ({
    mailbox: t.prismaField({
      type: "Mailbox",
      nullable: true,
      resolve: (query, r, _args, ctx) => (r.kind === "connected" ? ctx.db.mailbox.findUnique({ ...query, where: { id: r.mailboxId } }) : null),
    }),
    reconnected: t.boolean({ resolve: (r) => r.kind === "connected" && r.reconnected }),
    resumedCampaigns: t.int({ description: "Campaigns that were paused for this mailbox and now send again.", resolve: (r) => (r.kind === "connected" ? r.resumedCampaignIds.length : 0) }),
    missingPermissions: t.field({ type: [MissingPermission], resolve: (r) => (r.kind === "missing_permissions" ? r.missing : []) }),
  }),
});

const ConnectGmailPayload = builder.objectRef<{ url: string }>("ConnectGmailPayload").implement({
  fields: (t) => ({ url: t.exposeString("url", { description: "Google's consent page: send the browser there." }) }),
});

builder.queryFields((t) => ({
  mailboxes: t.prismaField({
    type: ["Mailbox"],
    description: "The viewer's Gmail mailboxes, oldest first.",
    authScopes: { user: true },
    resolve: (query, _root, _args, ctx) => ctx.db.mailbox.findMany({ ...query, where: { userId: requireViewer(ctx).id }, orderBy: { createdAt: "asc" } }),
  }),
  mailboxSetup: t.field({
    type: MailboxSetup,
    description: "How Gmail connecting is set up on this server (the redirect URI to register with Google).",
    authScopes: { user: true },
    resolve: (_root, _args, ctx) => mailboxSetup(ctx),
  }),
}));

builder.mutationFields((t) => ({
  connectGmail: t.field({
    type: ConnectGmailPayload,
    description: "Starts Google's consent for a new mailbox, or (with mailboxId) to reconnect that one. Valid 10 minutes, once.",
    authScopes: { user: true },
    errors: { types: [ConflictError, NotFoundError] },
    args: { mailboxId: t.arg.globalID({ for: MailboxNode }) },
    resolve: (_root, { mailboxId }, ctx) => connectGmail(ctx, requireViewer(ctx).id, mailboxId?.id ?? null),
  }),
  completeGmailConnect: t.field({
    type: GmailConnectResult,
    description: "Finishes a consent the app started: the code and state Google returned (the callback page passes them on).",
    authScopes: { user: true },
    errors: { types: [ConflictError, NotFoundError, ValidationError] },
    args: { code: t.arg.string({ required: true }), state: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => finishGmailConnect(ctx, requireViewer(ctx).id, args),
  }),
  disconnectMailbox: t.prismaField({
    type: "Mailbox",
    description: "Revokes the mailbox's token at Google and deletes it; its campaigns stop sending until they get another mailbox.",
    authScopes: { user: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ required: true, for: MailboxNode }) },
    resolve: (_query, _root, { id }, ctx) => disconnect(ctx, requireViewer(ctx).id, id.id),
  }),
  updateMailbox: t.prismaField({
    type: "Mailbox",
    authScopes: { user: true },
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true, for: MailboxNode }), dailyCap: t.arg.int({ required: true }) },
    resolve: (_query, _root, { id, dailyCap }, ctx) => setMailboxDailyCap(ctx, requireViewer(ctx).id, id.id, dailyCap),
  }),
}));
