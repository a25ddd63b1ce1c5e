import { randomBytes } from "node:crypto";
import { loadEnv } from "@outreach/contracts";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { createProviders } from "@outreach/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptLegacyGmailToken, checkMailboxKey, openToken, resolveMailboxKey } from "../../src/mailboxes/index.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedCampaign, seedEmailLog, seedMailbox, seedProspect, seedUser } from "@outreach/testkit/scenarios";

/** The upgrade from one GMAIL_REFRESH_TOKEN per install, and the start-up check of the key. */

let t: DatabaseEnv;
let fake: FakeServer<GmailControl>;
const CLIENT = { clientId: "1234-real.apps.googleusercontent.example", clientSecret: "GOCSPX-real-looking" };

beforeAll(async () => {
  t = await createDatabaseEnv("mailbox_adopt");
  fake = await startFakeGmail({ ...CLIENT, emailAddress: "legacy.artist@gmail.example", refreshToken: "1//legacy-token" });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const liveEnv = (extra: Record<string, string> = {}) =>
  loadEnv({
    NODE_ENV: "test",
    DATABASE_URL: "postgresql://unused",
    GMAIL_CLIENT_ID: CLIENT.clientId,
    GMAIL_CLIENT_SECRET: CLIENT.clientSecret,
    GMAIL_REFRESH_TOKEN: "1//legacy-token",
    GMAIL_API_URL: fake.url,
    GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
    MAILBOX_ENCRYPTION_KEY: KEY,
    ...extra,
  });
const KEY = randomBytes(32).toString("base64");

describe("GMAIL_REFRESH_TOKEN of an install from before mailboxes", () => {
  it("becomes a mailbox of the first user once, with that user's campaigns and earlier sent emails, and is not read again", async () => {
    const first = await seedUser(t.db);
    await seedUser(t.db);
    const { campaign } = await seedCampaign(t.db, { userId: first.id, mailboxId: null });
    const prospect = await seedProspect(t.db, campaign.id);
    const sent = await seedEmailLog(t.db, prospect.id, { status: "sent", sentAt: new Date() });
    const env = liveEnv();
    const providers = createProviders({ env });
    const key = resolveMailboxKey(env);

    const adopted = await adoptLegacyGmailToken({ db: t.db, env, providers, key });
    expect(adopted).toMatchObject({ adopted: true, address: "legacy.artist@gmail.example", userId: first.id });
    const mailbox = await t.db.mailbox.findFirstOrThrow({ where: { userId: first.id } });
    expect(mailbox).toMatchObject({ address: "legacy.artist@gmail.example", status: "connected" });
    expect(openToken(key, mailbox.refreshTokenEnc!)).toBe("1//legacy-token");
    expect((await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).mailboxId).toBe(mailbox.id);
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: sent.id } })).mailboxId).toBe(mailbox.id);

    expect(await adoptLegacyGmailToken({ db: t.db, env, providers, key })).toEqual({ adopted: false });
    expect(await t.db.mailbox.count()).toBe(1);
    await providers.close();
  });
});

describe("the start-up key check", () => {
  it("passes with the key the tokens were sealed with and stops with a message naming both keys otherwise", async () => {
    const user = await seedUser(t.db);
    await seedMailbox(t.db, user.id, { address: "keyed@gmail.example" }); // sealed with the test key
    const testEnv = loadEnv({ NODE_ENV: "test", DATABASE_URL: "postgresql://unused" });
    await t.db.mailbox.deleteMany({ where: { NOT: { address: "keyed@gmail.example" } } });
    await expect(checkMailboxKey(t.db, testEnv)).resolves.toMatchObject({ id: resolveMailboxKey(testEnv).id });
    await expect(checkMailboxKey(t.db, liveEnv({ MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString("hex") }))).rejects.toThrow(
      /MAILBOX_ENCRYPTION_KEY is not the key the connected mailboxes were encrypted with/,
    );
    await expect(checkMailboxKey(t.db, liveEnv({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: "" }))).rejects.toThrow(/required in production/);
  });
});
