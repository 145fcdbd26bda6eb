// Readiness: ready on a migrated database; not ready while draining or when the database lacks a
// migration this build ships; still ready when the database is ahead (a newer instance migrated it).
import { afterEach, describe, expect, it } from "vitest";
import { lifecycle } from "./lifecycle";
import { checkReadiness } from "./readiness";
import { expectedMigrations, schemaStatus } from "./schema-status";

afterEach(() => {
  lifecycle().draining = false;
});

describe("readiness", () => {
  it("is ready when the database answers and has every migration of this build", async () => {
    const readiness = await checkReadiness();
    expect(readiness).toMatchObject({ ready: true, draining: false, database: { status: "ok" }, schema: { status: "current" } });
    expect(readiness.schema).toMatchObject({ applied: expectedMigrations().length });
  });

  it("turns not ready, without asking the database, as soon as the process drains", async () => {
    lifecycle().draining = true;
    expect(await checkReadiness()).toMatchObject({ ready: false, draining: true });
  });

  it("names the migrations a database lacks; a database ahead of the build is current", async () => {
    const shipped = expectedMigrations();
    expect(await schemaStatus([...shipped, "29991231000000_not_applied_yet"])).toEqual({ status: "behind", missing: ["29991231000000_not_applied_yet"] });
    expect(await schemaStatus(shipped.slice(0, 1))).toEqual({ status: "current", applied: 1 });
  });
});
