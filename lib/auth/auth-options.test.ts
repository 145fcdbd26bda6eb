import { describe, expect, it } from "vitest";
import { normalizeSignInEmail } from "./auth-options";
import { isVerifiedEmailClaim } from "./oidc-claims";
import { roleCan } from "./permissions";

describe("sign-in rules", () => {
  it("accept an OpenID profile only when its email is verified", () => {
    expect(isVerifiedEmailClaim({ sub: "1", email: "a@b.test", email_verified: true })).toBe(true);
    expect(isVerifiedEmailClaim({ sub: "1", email: "a@b.test", email_verified: "true" })).toBe(true);
    expect(isVerifiedEmailClaim({ sub: "1", email: "a@b.test", email_verified: false })).toBe(false);
    expect(isVerifiedEmailClaim({ sub: "1", email: "a@b.test" })).toBe(false);
    expect(isVerifiedEmailClaim({ sub: "1", email_verified: true })).toBe(false);
    expect(isVerifiedEmailClaim(undefined)).toBe(false);
  });

  it("normalise magic-link addresses the one Equinox way and refuse invalid ones", () => {
    expect(normalizeSignInEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(() => normalizeSignInEmail("not an email")).toThrow();
    expect(() => normalizeSignInEmail("")).toThrow();
  });
});

describe("roles", () => {
  it("staff work with customers and read the catalog; only admins manage staff, keys and the catalog", () => {
    expect(roleCan("staff", "customers:write")).toBe(true);
    expect(roleCan("staff", "audit:read")).toBe(true);
    expect(roleCan("staff", "catalog:read")).toBe(true);
    for (const permission of ["catalog:write", "api_keys:manage", "staff:manage"] as const) {
      expect(roleCan("staff", permission)).toBe(false);
      expect(roleCan("admin", permission)).toBe(true);
    }
  });
});
