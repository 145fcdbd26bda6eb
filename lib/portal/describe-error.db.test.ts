import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { withDatabaseUnavailable } from "@/tests/factories/database-outage";
import { describeError } from "./describe-error";

vi.mock("@/lib/db", async (importOriginal) => (await import("@/tests/factories/database-outage")).withOutageSwitch(await importOriginal()));

describe("describeError", () => {
  it("keeps the cause of a database outage on one short line", async () => {
    const error = await withDatabaseUnavailable(() => db().customer.findMany({ where: { env: "sandbox" } }).catch((e: unknown) => e));
    const line = describeError(error);
    expect(line).toMatch(/^PrismaClientKnownRequestError \(P1001\): Can't reach database server/);
    expect(line).not.toContain("\n");
  });

  it("describes anything thrown", () => {
    expect(describeError(new TypeError("bad\n\n  thing "))).toBe("TypeError: thing");
    expect(describeError("plain")).toBe("plain");
  });
});
