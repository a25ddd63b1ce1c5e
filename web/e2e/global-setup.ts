// Playwright global setup: starts the isolated stack once for the whole run and hands its addresses
// to the tests through process.env (Playwright passes the runner's env on to its workers).
import { startStack } from './stack';

export default async function globalSetup() {
  const stack = await startStack();
  process.env.E2E_WEB_URL = stack.webUrl;
  process.env.E2E_API_URL = stack.apiUrl;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.env.E2E_FAKE_CONTROL_URLS = JSON.stringify(stack.fakeControlUrls);
  return async () => { await stack.stop(); };
}
