import { describe, expect, it } from "vitest";
import { authErrorInfo, safeCallbackPath } from "./auth-errors";

describe("auth errors", () => {
  it("explain known codes and fall back for unknown ones", () => {
    expect(authErrorInfo("Verification")?.title).toMatch(/no longer works/);
    expect(authErrorInfo("Whatever")?.title).toBe("Sign-in failed");
    expect(authErrorInfo(undefined)).toBeNull();
  });

  it("follow only same-site callback paths", () => {
    expect(safeCallbackPath("/plans?x=1")).toBe("/plans?x=1");
    expect(safeCallbackPath("https://evil.example/")).toBe("/customers");
    expect(safeCallbackPath("//evil.example")).toBe("/customers");
    expect(safeCallbackPath(undefined)).toBe("/customers");
  });
});
