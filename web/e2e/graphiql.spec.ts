// GraphiQL as the README promises it: served by the API in development from the project's own
// dependencies, so it renders and runs its example operations with every request that does not go
// to 127.0.0.1 aborted (no CDN, no internet).
import { expect, test } from '@playwright/test';
import { startIsolatedApi } from '@outreach/testkit/api';

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
const password = 'graphiql-demo-password';

test.beforeAll(async () => {
  api = await startIsolatedApi('graphiql', {
    env: { NODE_ENV: 'development', DEMO_LOGIN_EMAIL: 'graphiql-demo@example.org', DEMO_LOGIN_PASSWORD: password },
  });
  await api.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { __typename } }`, {
    input: { name: 'Demo Artist', email: 'graphiql-demo@example.org', password },
  });
});
test.afterAll(async () => { await api?.stop(); });

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

test('GraphiQL renders and runs the LogIn example with the network blocked beyond 127.0.0.1', async ({ page }) => {
  const leftLoopback: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOOPBACK.has(url.hostname)) {
      leftLoopback.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await page.goto(`${api.url}/graphql`);
  await expect(page).toHaveTitle('Art outreach API');
  const editor = page.locator('.graphiql-query-editor');
  await expect(editor).toContainText('mutation LogIn', { timeout: 30_000 });
  // The example carries the demo login `pnpm start` printed.
  await expect(editor).toContainText(password);

  // Run the LogIn operation: the Run button offers each operation of the document.
  await page.getByRole('button', { name: /execute query/i }).click();
  await page.getByRole('menuitem', { name: 'LogIn' }).click();
  const result = page.locator('.graphiql-response');
  await expect(result).toContainText('MutationLogInSuccess', { timeout: 30_000 });
  await expect(result).toContainText('"token"');
  expect(leftLoopback).toEqual([]);
});
