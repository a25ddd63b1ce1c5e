import { DateTime } from "luxon";

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join("|");
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;
/** The phrase that says when they are back, then up to 40 characters (a weekday, "the office on") before the date. */
const CUE = String.raw`\b(?:back|return(?:s|ing)?|until|till|through|in the office (?:on|from))\b[^.\n]{0,40}?`;
const PATTERNS: { re: RegExp; pick: (m: RegExpExecArray) => { day: string; month: string; year?: string } }[] = [
  { re: new RegExp(`${CUE}\\b(\\d{4})-(\\d{2})-(\\d{2})\\b`, "i"), pick: (m) => ({ year: m[1], month: m[2]!, day: m[3]! }) },
  { re: new RegExp(`${CUE}\\b(${MONTH})\\.?\\s+${DAY}\\b${YEAR}`, "i"), pick: (m) => ({ month: m[1]!, day: m[2]!, year: m[3] }) },
  { re: new RegExp(`${CUE}\\b${DAY}(?:\\s+of)?\\s+(${MONTH})\\b\\.?${YEAR}`, "i"), pick: (m) => ({ day: m[1]!, month: m[2]!, year: m[3] }) },
];
/** Further out than this is more likely a misreading than a holiday; the default wait applies. */
const MAX_AWAY_DAYS = 180;

/**
 * The day an automatic reply says its sender is back ("I am out of the office until Monday,
 * December 7", "back on 3rd December 2026", "returning 2026-12-07"), in the campaign's time
 * zone; null when it does not say, or says something unlikely. A date without a year is the next
 * one on or after the day the reply was received.
 */
export function returnDateFromAutoReply(text: string, receivedAt: Date, timeZone: string): Date | null {
  const received = DateTime.fromJSDate(receivedAt, { zone: timeZone }).startOf("day");
  for (const { re, pick } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const parts = pick(m);
    const month = MONTHS[parts.month.toLowerCase()] ?? Number(parts.month);
    const day = Number(parts.day);
    let date = DateTime.fromObject({ year: parts.year ? Number(parts.year) : received.year, month, day }, { zone: timeZone });
    if (!date.isValid) continue;
    if (!parts.year && date < received) date = date.plus({ years: 1 });
    const away = date.diff(received, "days").days;
    if (away < 0 || away > MAX_AWAY_DAYS) return null;
    return date.toJSDate();
  }
  return null;
}
