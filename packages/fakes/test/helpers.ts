import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(here, "..", "fixtures", name), "utf8")) as T;
}

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Structural comparison: every key of the documented example must exist in the actual answer with
 * the same JSON type. A null in the example matches anything; a null in the answer is accepted where
 * the example has an object or array (optional nested structures). Arrays of typed items ("type" or "@type")
 * are compared item-by-type, other arrays by their first element.
 */
export function shapeMismatches(example: unknown, actual: unknown, at = "$", ignore: (p: string) => boolean = () => false): string[] {
  if (ignore(at)) return [];
  if (example === null) return [];
  const ek = kind(example);
  const ak = kind(actual);
  if (ak === "null" && (ek === "object" || ek === "array")) return [];
  if (ek !== ak) return [`${at}: expected ${ek}, got ${ak}`];
  if (ek === "array") {
    const ex = example as unknown[];
    const ac = actual as unknown[];
    if (ex.length === 0) return [];
    if (ac.length === 0) return [`${at}: expected a non-empty array`];
    const out: string[] = [];
    const tkey = (o: unknown) => (o && typeof o === "object" ? ("type" in o ? "type" : "@type" in o ? "@type" : null) : null);
    const typed = ex.every((e) => tkey(e) !== null);
    ex.forEach((e, i) => {
      if (typed) {
        const k = tkey(e)!;
        const t = (e as Record<string, unknown>)[k];
        const match = ac.find((a) => a && typeof a === "object" && (a as Record<string, unknown>)[k] === t);
        if (!match) out.push(`${at}[type=${String(t)}]: missing`);
        else out.push(...shapeMismatches(e, match, `${at}[type=${String(t)}]`, ignore));
      } else if (i === 0) out.push(...shapeMismatches(e, ac[0], `${at}[0]`, ignore));
    });
    return out;
  }
  if (ek === "object") {
    const out: string[] = [];
    for (const [k, v] of Object.entries(example as Record<string, unknown>)) {
      if (k === "_source") continue;
      const a = actual as Record<string, unknown>;
      if (!(k in a)) {
        if (!ignore(`${at}.${k}`)) out.push(`${at}.${k}: missing`);
        continue;
      }
      out.push(...shapeMismatches(v, a[k], `${at}.${k}`, ignore));
    }
    return out;
  }
  return [];
}

export const basic = (login = "sandbox", password = "sandbox") => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;

 
export type Json = any;

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export function b64url(s: string): string {
  return Buffer.from(s, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
