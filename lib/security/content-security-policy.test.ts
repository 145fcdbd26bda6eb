import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./content-security-policy";
import { clientIp } from "./client-ip";
import { securityHeaderRules } from "./security-headers";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `) || d === name);

describe("Content-Security-Policy", () => {
  it("runs only scripts that carry this response's nonce, and forbids framing", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123" });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "base-uri")).toBe("base-uri 'self'");
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "upgrade-insecure-requests")).toBeUndefined();
  });

  it("allows eval only in development, upgrades requests only over HTTPS, and lets forms reach the identity provider and Stripe", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", development: true }), "script-src")).toContain("'unsafe-eval'");
    expect(directive(contentSecurityPolicy({ nonce: "n", https: true }), "upgrade-insecure-requests")).toBe("upgrade-insecure-requests");
    expect(directive(contentSecurityPolicy({ nonce: "n", formTargets: ["https://id.example"] }), "form-action")).toBe(
      "form-action 'self' https://checkout.stripe.com https://billing.stripe.com https://id.example",
    );
  });

  it("draws a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("security headers", () => {
  it("sends nosniff, a referrer policy, no framing on every response, and HSTS in production only", () => {
    const names = (production: boolean) => securityHeaderRules({ production })[0]!.headers.map((h) => h.key);
    expect(names(true)).toEqual(expect.arrayContaining(["X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Strict-Transport-Security"]));
    expect(names(false)).not.toContain("Strict-Transport-Security");
  });
});

describe("client IP", () => {
  it("takes the right-most X-Forwarded-For entry, the one our own proxy added", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp(new Headers({ "x-real-ip": "2001:DB8::1" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers())).toBeNull();
  });
});
