// The server's length limits (packages/contracts/src/inputs.ts), as plain numbers so the forms can
// put them on their inputs (maxLength) without shipping zod to the browser. limits.test.ts reads
// the zod schemas and fails when one of these drifts from them.
export const LIMITS = {
  campaign: {
    name: 120, artistName: 120, medium: 200, portfolioUrl: 2000, statement: 5000, keyword: 80, keywords: 50,
    sampleWorkTitle: 200, sampleWorkUrl: 2000, sampleWorks: 20, fromName: 120, fromEmail: 254, template: 10_000,
  },
  prospect: { domainOrUrl: 2000, pageTitle: 500, contactEmail: 254 },
  auth: { name: 120, email: 254, passwordMin: 10, password: 200 },
} as const;
