import { adoptLegacyGmailToken, checkMailboxKey, resolveMailboxKey } from "@outreach/core/mailboxes";
import { loadApiConfig } from "./config.ts";
import { buildApp } from "./server.ts";

const { env, jwtSecret } = loadApiConfig();
let app: ReturnType<typeof buildApp>;
try {
  app = buildApp({ env, jwtSecret, mailboxKey: resolveMailboxKey(env) });
  await checkMailboxKey(app.deps.db, env);
} catch (err) {
  console.error(`api: cannot start: ${(err as Error).message}`);
  process.exit(1);
}
const adopted = await adoptLegacyGmailToken({ ...app.deps, key: app.deps.mailboxKey });
if (adopted.adopted) console.log(`api: GMAIL_REFRESH_TOKEN is now the mailbox ${adopted.address} of the first user; the variable is no longer read`);

// Handlers go in before the server starts: a signal right after "ready" is printed must still
// stop the server cleanly rather than kill the process.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await started.then(() => app.stop()).catch((err) => console.error("api: error while stopping", err));
    process.exit(0);
  });
}

const started = app.start();
const url = await started;
console.log(`api ready: ${url}/graphql${env.NODE_ENV === "development" ? " (GraphiQL in the browser)" : ""}`);
