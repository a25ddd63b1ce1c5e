import { HeaderInjectionError } from "@outreach/contracts";
import { buildOutreachMessage, type BuildOutreachMessageInput } from "@outreach/core/outreach";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

/**
 * Header injection: CR/LF in any value that ends up in an email header is refused with an error
 * naming the field, and nothing is stored.
 */

const INJECTIONS = ["x\r\nBcc: victim@evil.example", "x\nBcc: victim@evil.example", "x\rBcc: victim@evil.example"];

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let token: string;
let campaignId: string;
let draftId: string;

beforeAll(async () => {
  api = await startIsolatedApi("sec-headers");
  token = (await signUp(api, "Headers")).token;
  campaignId = (await createCampaign(api, token)).id;
  const prospect = await api.db.prospect.create({
    data: {
      campaignId: rawId(campaignId),
      domain: "kiln-notes.example",
      contactEmail: "editor@kiln-notes.example",
      stage: "drafted",
      emailLogs: { create: [{ step: 0, subject: "Original subject", body: "Hello", status: "draft" }] },
    },
    include: { emailLogs: true },
  });
  draftId = globalId("EmailLog", prospect.emailLogs[0]!.id);
});
afterAll(() => api?.stop());

const fieldPaths = (result: any) => (result?.fieldErrors ?? []).map((e: { path: string[] }) => e.path.join("."));
const VALIDATION = `... on ValidationError { message fieldErrors { path message } } ... on Error { message }`;

describe("API inputs", () => {
  it.each(INJECTIONS.flatMap((v) => [["fromName", v], ["fromEmail", `mia@example.org${v.slice(1)}`], ["artistName", v]]))(
    "[header-injection] createCampaign %s with a line break is refused naming the field",
    async (field, value) => {
      const before = await api.db.campaign.count();
      const res = await api.gql(
        `mutation($input: CampaignInput!) { createCampaign(input: $input) { __typename ${VALIDATION} } }`,
        {
          input: {
            name: "Injected",
            artistName: "Mia",
            fromName: "Mia",
            fromEmail: "mia@example.org",
            keywords: ["ceramics"],
            statement: "Stoneware.",
            [field]: value,
          },
        },
        token,
      );
      expect(res.data?.createCampaign.__typename).toBe("ValidationError");
      expect(fieldPaths(res.data?.createCampaign)).toContain(field);
      expect(await api.db.campaign.count()).toBe(before);
    },
  );

  it.each([["fromName"], ["fromEmail"]])("[header-injection] updateCampaign %s with CR/LF is refused, campaign unchanged", async (field) => {
    const before = await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaignId) } });
    const res = await api.gql(
      `mutation($id: ID!, $input: CampaignUpdateInput!) { updateCampaign(id: $id, input: $input) { __typename ${VALIDATION} } }`,
      { id: campaignId, input: { [field]: field === "fromEmail" ? "a@example.org\r\nBcc: x@evil.example" : "Mia\r\nBcc: x@evil.example" } },
      token,
    );
    expect(res.data?.updateCampaign.__typename).toBe("ValidationError");
    expect(fieldPaths(res.data?.updateCampaign).join(" ")).toContain(field);
    expect(await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaignId) } })).toEqual(before);
  });

  it.each(INJECTIONS)("[header-injection] addProspect contactEmail with a line break is refused (%j)", async (suffix) => {
    const res = await api.gql(
      `mutation($input: AddProspectInput!) { addProspect(input: $input) { __typename ${VALIDATION} } }`,
      { input: { campaignId, domainOrUrl: "inject-add.example", contactEmail: `editor@inject-add.example${suffix.slice(1)}` } },
      token,
    );
    expect(res.data?.addProspect.__typename).toBe("ValidationError");
    expect(fieldPaths(res.data?.addProspect).join(" ")).toContain("contactEmail");
    expect(await api.db.prospect.count({ where: { domain: "inject-add.example" } })).toBe(0);
  });

  it("[header-injection] CSV import: an email with CR/LF is a row error on the email field, row not stored", async () => {
    const csv = `domain,email\ninject-csv.example,"editor@inject-csv.example\r\nBcc: victim@evil.example"\ngood-row.example,editor@good-row.example\n`;
    const res = await api.gql(
      `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { __typename ... on MutationImportProspectsSuccess { data { created errors { row field message } } } ${VALIDATION} } }`,
      { input: { campaignId, csv } },
      token,
    );
    const report = res.data?.importProspects.data;
    expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: "email" })]);
    expect(report.created).toBe(1);
    expect(await api.db.prospect.count({ where: { domain: "inject-csv.example" } })).toBe(0);
    const stored = await api.db.prospect.findMany({ where: { campaignId: rawId(campaignId) }, select: { contactEmail: true } });
    expect(stored.some((p) => /[\r\n]/.test(p.contactEmail ?? ""))).toBe(false);
  });

  it.each(INJECTIONS)("[header-injection] updateDraft subject with a line break is refused, draft unchanged (%j)", async (value) => {
    const res = await api.gql(
      `mutation($id: ID!, $subject: String) { updateDraft(id: $id, subject: $subject) { __typename ${VALIDATION} } }`,
      { id: draftId, subject: `Hello${value}` },
      token,
    );
    expect(res.data?.updateDraft.__typename).toBe("ValidationError");
    expect(fieldPaths(res.data?.updateDraft)).toContain("subject");
    const row = await api.db.emailLog.findUniqueOrThrow({ where: { id: rawId(draftId) } });
    expect(row.subject).toBe("Original subject");
  });

  it.each(INJECTIONS)("[header-injection] addSuppression value with a line break is refused, nothing stored (%j)", async (value) => {
    const res = await api.gql(
      `mutation($value: String!) { addSuppression(value: $value) { __typename ${VALIDATION} } }`,
      { value: `someone@example.org${value.slice(1)}` },
      token,
    );
    expect(res.data?.addSuppression.__typename).toBe("ValidationError");
    expect(fieldPaths(res.data?.addSuppression)).toContain("value");
    expect(await api.db.suppression.count()).toBe(0);
  });
});

describe("message builder", () => {
  const base = (): BuildOutreachMessageInput => ({
    campaign: { fromName: "Mia Clay", fromEmail: "mia@example.org" },
    prospect: { contactEmail: "editor@kiln-notes.example" },
    emailLog: { id: "6f1c3c1e-0000-4000-8000-000000000001", step: 0, subject: "Hello", body: "Body", toEmail: null, claimedAt: null },
    unsubscribe: { httpsUrl: "https://outreach.example.org/unsubscribe/abcdefghijkl", mailto: "mailto:mia@example.org?subject=unsubscribe" },
    inReplyTo: null,
    references: null,
  });
  const cases: [string, (i: BuildOutreachMessageInput, v: string) => void][] = [
    ["campaign.fromName", (i, v) => (i.campaign.fromName = `Mia${v}`)],
    ["campaign.fromEmail", (i, v) => (i.campaign.fromEmail = `mia@example.org${v}`)],
    ["prospect.contactEmail", (i, v) => (i.prospect.contactEmail = `editor@kiln-notes.example${v}`)],
    ["emailLog.toEmail", (i, v) => (i.emailLog.toEmail = `editor@kiln-notes.example${v}`)],
    ["emailLog.subject", (i, v) => (i.emailLog.subject = `Hello${v}`)],
    ["inReplyTo", (i, v) => (i.inReplyTo = `<a@b>${v}`)],
    ["references[0]", (i, v) => (i.references = [`<a@b>${v}`])],
    ["unsubscribe.httpsUrl", (i, v) => (i.unsubscribe.httpsUrl = `https://outreach.example.org/u/x${v}`)],
    ["unsubscribe.mailto", (i, v) => (i.unsubscribe.mailto = `mailto:mia@example.org${v}`)],
  ];

  it.each(cases.flatMap(([field, set]) => INJECTIONS.map((v) => [field, set, v] as const)))(
    "[header-injection] buildOutreachMessage refuses CR/LF in %s",
    async (field, set, value) => {
      const input = base();
      set(input, value.slice(1));
      const err = await buildOutreachMessage(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HeaderInjectionError);
      expect((err as Error).message).toContain(field);
    },
  );

  it("[header-injection] CR/LF in the body stays in the body and adds no header", async () => {
    const input = base();
    input.emailLog.body = "Hi\r\nBcc: victim@evil.example\r\n\r\nmore";
    const { raw } = await buildOutreachMessage(input);
    const text = raw.toString("utf8");
    const headers = text.slice(0, text.indexOf("\r\n\r\n"));
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^To: .*editor@kiln-notes\.example/im);
  });

  it("[header-injection] a clean message builds (control)", async () => {
    const { raw, to } = await buildOutreachMessage(base());
    expect(to).toBe("editor@kiln-notes.example");
    expect(raw.length).toBeGreaterThan(100);
  });
});
