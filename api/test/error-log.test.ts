import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, signUp } from "@outreach/testkit/gql";

// The API as `pnpm start` runs it (development, logging on): a user's own mistake is an answer, not a
// fault, so it leaves no stack trace in the log; a real fault still does.
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
beforeAll(async () => {
  api = await startIsolatedApi("errorlog", { env: { NODE_ENV: "development" } });
});
afterAll(() => api.stop());

it("logs no stack trace for not found, another user's id or invalid input, and still logs a real fault", async () => {
  const alice = await signUp(api, "Alice");
  const bob = await signUp(api, "Bob");
  const campaign = await createCampaign(api, alice.token);
  const logged: string[] = [];
  const spies = (["error", "warn", "log", "info"] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(" ")); }),
  );
  try {
    const node = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: campaign.id }, bob.token);
    expect(node).toEqual({ data: { node: null } });
    const missing = await api.gql(`query($id: ID!) { campaign(id: $id) { id } }`, { id: globalId("Campaign", "6f1c3c1e-0000-4000-8000-000000000000") }, alice.token);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const invalid = await api.gql(`query { prospects(first: 1, filter: { minScore: 90, maxScore: 10 }) { totalCount } }`, {}, alice.token);
    expect(invalid.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(logged).toEqual([]);

    // A database fault (an id that is not a UUID) is masked for the client and logged for us.
    const fault = await api.gql(`query($id: ID!) { campaign(id: $id) { id } }`, { id: Buffer.from("Campaign:not-a-uuid").toString("base64") }, alice.token);
    expect(fault.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(logged.some((l) => /invalid input syntax for type uuid/.test(l))).toBe(true);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
});
