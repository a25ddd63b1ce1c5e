import { describe, expect, it } from "vitest";
import { InvalidDomainError, normalizeDomain } from "../src/domain.ts";

describe("normalizeDomain", () => {
  it("a host already in normal form comes back unchanged, the same as through the full URL parse", () => {
    for (const host of ["a.example", "sub.domain.co.uk", "my-gallery.art", "x1.y2.example"]) {
      expect(normalizeDomain(host)).toBe(host);
      expect(normalizeDomain(`https://${host}/path`)).toBe(host);
    }
  });

  it("everything else still goes through the full rules: www., case, punycode, IPs, bad labels", () => {
    expect(normalizeDomain("www.Gallery.example")).toBe("gallery.example");
    expect(normalizeDomain("https://WWW.Gallery.Example./x")).toBe("gallery.example");
    expect(normalizeDomain("galería.example")).toBe("xn--galera-7va.example");
    expect(normalizeDomain("xn--galera-7va.example")).toBe("xn--galera-7va.example");
    for (const bad of ["1.2.3.4", "localhost", "a..b.example", "-a.example", "a-.example", "xn--zz.example"]) {
      expect(() => normalizeDomain(bad), bad).toThrow(InvalidDomainError);
    }
  });
});
