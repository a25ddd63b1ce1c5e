export { resolveMailboxKey, MailboxKeyError, keyId, DEV_MAILBOX_KEY_FILE, type MailboxKey } from "./key.ts";
export { sealToken, openToken, sealedKeyId } from "./token-crypto.ts";
export { verifyOAuthState, signOAuthState, oauthStateKey, OAUTH_STATE_TTL_MS } from "./oauth-state.ts";
export { markMailboxNeedsReconnect, resumeMailbox, MAILBOX_PAUSE_PREFIX, MAILBOX_ALERT_KIND } from "./health.ts";
export { gmailForMailbox, MailboxUnavailableError } from "./clients.ts";
export { startGmailConnect, completeGmailConnect, disconnectMailbox, redirectUriOf, OAuthStateError, type MailboxDeps, type CompleteConnectResult } from "./connect.ts";
export { adoptLegacyGmailToken } from "./adopt-legacy.ts";
export { checkMailboxKey } from "./startup.ts";
