// The choices behind two campaign settings that used to be bare text: where discovery searches
// (a DataForSEO location code) and the time zone the send window is read in.

/** DataForSEO location codes of the countries artists ask for most, by name. */
export const COUNTRIES: ReadonlyArray<{ code: number; name: string }> = [
  { code: 2036, name: 'Australia' }, { code: 2040, name: 'Austria' }, { code: 2056, name: 'Belgium' },
  { code: 2124, name: 'Canada' }, { code: 2208, name: 'Denmark' }, { code: 2246, name: 'Finland' },
  { code: 2250, name: 'France' }, { code: 2276, name: 'Germany' }, { code: 2372, name: 'Ireland' },
  { code: 2380, name: 'Italy' }, { code: 2392, name: 'Japan' }, { code: 2528, name: 'Netherlands' },
  { code: 2554, name: 'New Zealand' }, { code: 2578, name: 'Norway' }, { code: 2620, name: 'Portugal' },
  { code: 2724, name: 'Spain' }, { code: 2752, name: 'Sweden' }, { code: 2756, name: 'Switzerland' },
  { code: 2826, name: 'United Kingdom' }, { code: 2840, name: 'United States' },
];

/** "United States", or "Location 1234" for a code the table does not name. */
export function locationName(code: number | string | null | undefined): string {
  const n = Number(code);
  return COUNTRIES.find((c) => c.code === n)?.name ?? `Location ${code}`;
}

/** The picker's options: the named countries, plus `current` when it is a code they do not name. */
export function locationOptions(current: string): Array<{ value: string; label: string }> {
  const options = COUNTRIES.map((c) => ({ value: String(c.code), label: c.name }));
  if (current.trim() && !COUNTRIES.some((c) => String(c.code) === current.trim())) options.push({ value: current, label: `Location ${current}` });
  return options;
}

let zones: string[] | undefined;
/** The IANA zones the browser knows (the API accepts exactly these, and UTC). */
export function timeZones(): string[] {
  if (!zones) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zones = known.includes('UTC') ? known : [...known, 'UTC'];
  }
  return zones;
}

export function isKnownTimeZone(tz: string): boolean {
  return timeZones().includes(tz);
}
