import { useState } from 'react';
import { useMutation } from 'urql';
import { errorMessage } from '../../ui/ErrorState';
import { ConnectGmail } from './queries';

/** Which mailbox the sign-in in progress reconnects ('' = a new one), so "Choose again" can repeat it. */
const PENDING_KEY = 'outreach.gmailConnect.mailbox';

export function pendingConnectMailbox(): string | null {
  try { return sessionStorage.getItem(PENDING_KEY) || null; } catch { return null; }
}

/** Sends the browser to the page Google opens the app to (a full page load, not the app's router). */
export const goTo = { assign: (url: string) => window.location.assign(url) };

/**
 * Starts Google's consent for a new mailbox or, with a mailbox id, to reconnect that one: asks the
 * API for the consent URL and sends the browser there. `startingFor` is the mailbox (or '' for a new
 * one) whose button should look busy until the browser leaves.
 */
export function useConnectGmail() {
  const [, run] = useMutation(ConnectGmail);
  const [startingFor, setStartingFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function start(mailboxId: string | null) {
    setError(null);
    setStartingFor(mailboxId ?? '');
    const r = await run({ mailboxId });
    const res = r.data?.connectGmail;
    if (res && 'data' in res) {
      try { sessionStorage.setItem(PENDING_KEY, mailboxId ?? ''); } catch { /* private mode: Choose again starts a new connect */ }
      goTo.assign(res.data.url);
      return; // stays busy: the browser is leaving for Google
    }
    setStartingFor(null);
    setError(r.error ? errorMessage(r.error) : res && 'message' in res ? res.message : 'Could not start the Gmail sign-in.');
  }
  return { start, startingFor, error };
}
