// The SQL customer reference resolves with findCustomerByRef's precedence: external id, then
// internal id, then a merged customer's alias; and never across environments.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { customerPkByRefSql } from "./customer-ref-sql";

const resolve = async (env: string, ref: string) => {
  const rows = await db().$queryRawUnsafe<{ id: string | null }[]>(`select ${customerPkByRefSql("$1", "$2")} as id`, env, ref);
  return rows[0]?.id ?? null;
};

describe("customerPkByRefSql", () => {
  it("an external id wins over another customer's internal id; the internal id answers when no external id matches", async () => {
    const named = await createTestCustomer();
    const claimer = await createTestCustomer({ externalId: named.id });
    expect(await resolve("sandbox", named.id)).toBe(claimer.id);
    const pending = await createTestCustomer({ externalId: null });
    expect(await resolve("sandbox", pending.id)).toBe(pending.id);
  });

  it("no customer of the environment: null", async () => {
    const live = await createTestCustomer({ env: "live" });
    expect(await resolve("sandbox", live.externalId!)).toBeNull();
    expect(await resolve("sandbox", unique("nobody"))).toBeNull();
  });
});
