import { describe, expect, it } from "vitest";
import { clientAddress } from "../client-address.ts";

describe("client address for per-client limits", () => {
  it("ignores X-Forwarded-For unless a proxy is trusted (a client could pick any address)", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", 0)).toBe("203.0.113.9");
  });
  it("behind one trusted proxy takes the address that proxy appended, not what the client wrote", () => {
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "198.51.100.7", 1)).toBe("198.51.100.7");
  });
  it("behind two trusted proxies takes the second entry from the right", () => {
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", 2)).toBe("198.51.100.7");
  });
  it("falls back to the peer when the header is missing, too short or not an address", () => {
    expect(clientAddress("10.0.0.2", null, 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "198.51.100.7", 2)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "1.2.3.4, not-an-ip", 1)).toBe("10.0.0.2");
  });
});
