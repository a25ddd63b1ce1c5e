import type { GqlRunner } from "./gql.ts";

/**
 * "Connect Gmail" as a user does it, without a browser: connectGmail gives Google's consent URL;
 * the fake Gmail's consent page answers for `account` (its control action `authorize`), which
 * yields the redirect to the API's /oauth/google/callback; the callback sends the browser on to
 * the app with code and state in the fragment; the app calls completeGmailConnect.
 */

export const CONNECT_GMAIL = `mutation($m: ID) { connectGmail(mailboxId: $m) { __typename ... on MutationConnectGmailSuccess { data { url } } ... on Error { message } } }`;
export const COMPLETE_GMAIL = `mutation($code: String!, $state: String!) { completeGmailConnect(code: $code, state: $state) {
  __typename
  ... on MutationCompleteGmailConnectSuccess { data { reconnected resumedCampaigns mailbox { id address status } missingPermissions { scope description } } }
  ... on Error { message }
} }`;

export async function fakeGmailAction<T = unknown>(controlUrl: string, action: string, body: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${controlUrl.replace(/\/$/, "")}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`fake gmail ${action}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? (JSON.parse(text) as { result?: T }).result : undefined) as T;
}

export interface ConsentOutcome {
  /** Where the API's callback sent the browser (the app's Mailboxes page with the fragment). */
  appLocation: string;
  fragment: URLSearchParams;
}

/** Steps 1-3: returns where the browser lands in the app. */
export async function consentAtFakeGoogle(
  api: GqlRunner,
  token: string,
  gmailControlUrl: string,
  opts: { account: string; mailboxId?: string; untick?: string[]; deny?: boolean },
): Promise<ConsentOutcome & { state: string }> {
  const started = await api.gql(CONNECT_GMAIL, { m: opts.mailboxId ?? null }, token);
  const url = started.data?.connectGmail?.data?.url as string | undefined;
  if (!url) throw new Error(`connectGmail failed: ${JSON.stringify(started)}`);
  const state = new URL(url).searchParams.get("state")!;
  const redirect = await fakeGmailAction<string | { url: string }>(gmailControlUrl, "authorize", { url, account: opts.account, untick: opts.untick, deny: opts.deny });
  const callback = typeof redirect === "string" ? redirect : redirect.url;
  const res = await fetch(callback, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 303 || !location) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  return { appLocation: location, fragment: new URLSearchParams(new URL(location).hash.slice(1)), state };
}

/** The whole connect; returns completeGmailConnect's answer. */
export async function connectMailbox(api: GqlRunner, token: string, gmailControlUrl: string, opts: { account: string; mailboxId?: string; untick?: string[] }) {
  const { fragment } = await consentAtFakeGoogle(api, token, gmailControlUrl, opts);
  const done = await api.gql(COMPLETE_GMAIL, { code: fragment.get("code"), state: fragment.get("state") }, token);
  return done.data?.completeGmailConnect as
    | { __typename: "MutationCompleteGmailConnectSuccess"; data: { reconnected: boolean; resumedCampaigns: number; mailbox: { id: string; address: string; status: string } | null; missingPermissions: { scope: string; description: string }[] } }
    | { __typename: string; message: string };
}
