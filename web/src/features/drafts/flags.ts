import type { DraftFallbackReason } from '../../gql/graphql';

// Plain-language explanations of the draft checks (packages/core/src/compose/check.ts): each flag is
// a reason a person must read the draft before it goes out. Unknown flags still show their code.
export const FLAG_TEXT: Record<string, { label: string; explain: string }> = {
  empty_draft: { label: 'Empty', explain: 'The subject or the body is empty.' },
  unfilled_placeholder: { label: 'Unfilled placeholder', explain: 'Contains a [placeholder] or {{variable}} that was never filled in.' },
  empty_variable: { label: 'Missing value', explain: 'A template value came out empty, so a sentence has a gap in it.' },
  unknown_variable: { label: 'Unknown variable', explain: 'The template uses a variable the system does not know.' },
  unsupported_link: { label: 'Unsupported link', explain: 'Contains a link not found on the site or in your profile.' },
  unsupported_email: { label: 'Unsupported address', explain: 'Mentions an email address not found on the site or in your profile.' },
  unsupported_claim: { label: 'Unsupported claim', explain: 'Makes a claim (an amount, a guarantee, a payment) that the site and your profile do not support.' },
  followed_injection: { label: 'Followed page instructions', explain: 'The text on the crawled page tried to instruct the writer, and the draft looks like it obeyed.' },
  too_long: { label: 'Too long', explain: 'Longer than a first email should be; editors skim.' },
  off_topic: { label: 'Off topic', explain: 'Mentions neither you nor the site, so it reads like a form letter.' },
  template_fallback: { label: 'From your template', explain: 'Gemini could not write this one, so it was written from your template.' },
};

/** Why Gemini could not write a draft (EmailLog.fallbackReason), in words. */
export const FALLBACK_TEXT: Record<DraftFallbackReason, string> = {
  gemini_rate_limited: 'Gemini was rate limited',
  gemini_max_tokens: 'Gemini’s answer was cut off',
  gemini_safety: 'Gemini withheld its answer (safety filter)',
  gemini_invalid_json: 'Gemini’s answer could not be read',
  gemini_error: 'Gemini answered with an error',
};

/** "Written from your template: Gemini was rate limited". */
export function fallbackText(reason: DraftFallbackReason): string {
  return `Written from your template: ${FALLBACK_TEXT[reason] ?? FALLBACK_TEXT.gemini_error}`;
}

/** A flag's label and explanation; template_fallback says why when the reason is known. */
export function flagInfo(flag: string, fallbackReason?: DraftFallbackReason | null) {
  if (flag === 'template_fallback' && fallbackReason) return { label: FLAG_TEXT.template_fallback!.label, explain: `${fallbackText(fallbackReason)}.` };
  return FLAG_TEXT[flag] ?? { label: flag.replace(/_/g, ' '), explain: 'Flagged by the draft checks: read it before sending.' };
}

/** "is required" under "Subject" reads "Subject is required"; other messages get a capital letter. */
export function fieldMessage(label: string, message: string | undefined | null): string | null {
  if (!message) return null;
  if (/^(is|are|must|should|has|cannot|can't|needs?)\b/.test(message)) return `${label} ${message}.`.replace(/\.\.$/, '.');
  return message.charAt(0).toUpperCase() + message.slice(1);
}
