import { domainToASCII } from "node:url";

export class InvalidDomainError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input.slice(0, 200)}" is not a valid domain: ${reason}`);
    this.name = "InvalidDomainError";
  }
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A host already in normal form (lower case ASCII, no www., no punycode, a letters-only TLD): returned as it is. */
const NORMAL_HOST = /^(?!www\.)(?!.*xn--)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;

/** Domain or URL -> lowercase ASCII (punycode) host without "www.", or InvalidDomainError. */
export function normalizeDomain(input: string): string {
  const raw = input.trim();
  if (raw.length <= 253 && NORMAL_HOST.test(raw)) return raw; // stored domains, on every plan and check
  if (!raw) throw new InvalidDomainError(input, "it is empty");
  if (/[\s\r\n]/.test(raw)) throw new InvalidDomainError(input, "it contains whitespace");
  let host: string;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    host = url.hostname;
  } catch {
    throw new InvalidDomainError(input, "it cannot be read as a host name or http(s) URL");
  }
  host = domainToASCII(host.toLowerCase().replace(/\.$/, ""));
  if (!host) throw new InvalidDomainError(input, "it is not a valid international domain name");
  if (host.startsWith("www.")) host = host.slice(4);
  if (/^[\d.]+$/.test(host) || host.includes(":") || host.startsWith("[")) {
    throw new InvalidDomainError(input, "IP addresses are not accepted, use the site's domain");
  }
  const labels = host.split(".");
  if (labels.length < 2) throw new InvalidDomainError(input, "it needs a top-level domain, like example.org");
  if (host.length > 253 || !labels.every((l) => LABEL.test(l))) {
    throw new InvalidDomainError(input, "it has characters or labels a domain cannot have");
  }
  if (!/^(xn--[a-z0-9-]+|[a-z]{2,63})$/.test(labels.at(-1)!)) {
    throw new InvalidDomainError(input, "its top-level domain is not valid");
  }
  return host;
}

/** Rejects values that would let outside input add or split email headers. */
export function assertHeaderSafe(field: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new HeaderInjectionError(field);
}

export class HeaderInjectionError extends Error {
  constructor(readonly field: string) {
    super(`${field} must not contain line breaks (CR or LF)`);
    this.name = "HeaderInjectionError";
  }
}
