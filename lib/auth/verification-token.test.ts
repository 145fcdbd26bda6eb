import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailCallbackUrl, hashVerificationToken, newVerificationToken } from "./verification-token";

describe("verification tokens", () => {
  it("hash as next-auth v4 does: sha256(token + secret), hex", () => {
    expect(hashVerificationToken("abc", "secret")).toBe(createHash("sha256").update("abcsecret").digest("hex"));
    const { token, hashed } = newVerificationToken("s3cret");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed).toBe(hashVerificationToken(token, "s3cret"));
  });

  it("build next-auth's email callback URL", () => {
    const url = new URL(emailCallbackUrl({ appUrl: "http://localhost:3000/", email: "a@b.test", token: "t", callbackUrl: "http://localhost:3000/customers" }));
    expect(url.pathname).toBe("/api/auth/callback/email");
    expect(Object.fromEntries(url.searchParams)).toEqual({ callbackUrl: "http://localhost:3000/customers", token: "t", email: "a@b.test" });
  });
});
