import { describe, expect, it } from 'vitest';
import { addProspectInput, campaignUpdateInput, signUpInput } from '@outreach/contracts/inputs';
import { LIMITS } from './limits';

// zod 4 keeps a string's bounds on the schema: read them rather than copying numbers by hand.
type Bounded = { minLength?: number | null; maxLength?: number | null; unwrap?: () => Bounded; element?: Bounded; in?: Bounded; def?: { in?: Bounded; innerType?: Bounded; element?: Bounded; shape?: Record<string, Bounded> } };
function inner(s: Bounded): Bounded {
  let cur = s;
  for (let i = 0; i < 5; i++) {
    const next = cur.def?.innerType ?? cur.def?.in;
    if (!next) break;
    cur = next;
  }
  return cur;
}
const max = (s: unknown) => inner(s as Bounded).maxLength;
const shape = campaignUpdateInput.shape as unknown as Record<string, Bounded>;

describe('form limits', () => {
  it('match the campaign schema', () => {
    for (const k of ['name', 'artistName', 'medium', 'portfolioUrl', 'statement', 'fromName', 'fromEmail'] as const) {
      expect([k, LIMITS.campaign[k]]).toEqual([k, max(shape[k])]);
    }
    expect(LIMITS.campaign.template).toBe(max(shape.subjectTemplate));
    const keywords = inner(shape.keywords!) as { def: { element: Bounded }; maxLength?: number };
    expect(LIMITS.campaign.keyword).toBe(max(keywords.def.element));
    const works = inner(shape.sampleWorks!) as { def: { element: { shape: Record<string, Bounded> } } };
    expect(LIMITS.campaign.sampleWorkTitle).toBe(max(works.def.element.shape.title));
    expect(LIMITS.campaign.sampleWorkUrl).toBe(max(works.def.element.shape.url));
  });

  it('match the prospect and sign-up schemas', () => {
    const p = addProspectInput.shape as unknown as Record<string, Bounded>;
    expect(LIMITS.prospect.domainOrUrl).toBe(max(p.domainOrUrl));
    expect(LIMITS.prospect.pageTitle).toBe(max(p.pageTitle));
    const a = signUpInput.shape as unknown as Record<string, Bounded>;
    expect(LIMITS.auth.name).toBe(max(a.name));
    expect(LIMITS.auth.password).toBe(max(a.password));
    expect(LIMITS.auth.passwordMin).toBe(inner(a.password!).minLength);
    expect(LIMITS.auth.email).toBe(max(a.email));
  });
});
