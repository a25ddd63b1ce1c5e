import { loadApiConfig } from "./config.ts";
import { buildApp } from "./server.ts";

const { env, jwtSecret } = loadApiConfig();
const app = buildApp({ env, jwtSecret });
const url = await app.start();
console.log(`api ready: ${url}/graphql${env.NODE_ENV === "development" ? " (GraphiQL in the browser)" : ""}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.stop().catch((err) => console.error("api: error while stopping", err));
    process.exit(0);
  });
}
