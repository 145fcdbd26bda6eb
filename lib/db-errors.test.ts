import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isTransientConflict } from "./db-errors";

describe("database error classification", () => {
  it("recognises an unreachable database however deeply it is wrapped", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("outer", { cause: { code: "57P01" } }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("duplicate key value violates unique constraint"))).toBe(false);
  });

  it("recognises deadlocks and serialization failures as safe to retry", () => {
    expect(isTransientConflict({ code: "40P01" })).toBe(true);
    expect(isTransientConflict(new Error("wrapped", { cause: new Error("deadlock detected") }))).toBe(true);
    expect(isTransientConflict({ code: "23505" })).toBe(false);
  });
});
