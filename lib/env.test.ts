import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const valid = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", AUTH_SECRET: "x".repeat(32) };

describe("environment validation", () => {
  it("applies defaults to a minimal configuration", () => {
    const env = parseEnv(valid);
    expect(env.PORTAL_ENV).toBe("sandbox");
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.EMAIL_SERVER).toBeUndefined();
  });

  it("names each missing or bad variable", () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL[\s\S]*AUTH_SECRET|AUTH_SECRET[\s\S]*DATABASE_URL/);
    expect(() => parseEnv({ ...valid, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ ...valid, STRIPE_SECRET_KEY_SANDBOX: "sk_live_abc" })).toThrow(/STRIPE_SECRET_KEY_SANDBOX: must be a test-mode key/);
    expect(() => parseEnv({ ...valid, OIDC_ISSUER: "https://id.example" })).toThrow(/OIDC_ISSUER.*go together/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ ...valid, EMAIL_SERVER: "" }).EMAIL_SERVER).toBeUndefined();
  });
});
