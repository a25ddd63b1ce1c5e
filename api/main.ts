import { loadApiConfig } from "./config.ts";
import { buildApp } from "./server.ts";

const { env, jwtSecret } = loadApiConfig();
const app = buildApp({ env, jwtSecret });

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
