import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { staffCtx } from "@/tests/factories";
import { adminCtx } from "@/tests/factories/staff";
import { authenticateApiKey } from "@/lib/api/authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

describe("API keys", () => {
  it("lists the keys of the environment, without secrets, with who created them", async () => {
    const admin = await adminCtx("sandbox");
    const created = await createApiKey(admin, { name: "Listing test" });
    const keys = await listApiKeys(admin);
    const listed = keys.find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "Listing test", prefix: created.prefix, env: "sandbox", status: "active", createdBy: admin.actor.email });
    expect(JSON.stringify(keys)).not.toContain(created.secret);
    expect(keys.every((k) => k.env === "sandbox")).toBe(true);
  });

  it("revokes a key: authentication refuses it at once, and the revocation is audited", async () => {
    const admin = await adminCtx("sandbox");
    const key = await createApiKey(admin, { name: "To revoke" });
    await expect(authenticateApiKey(`Bearer ${key.secret}`)).resolves.toMatchObject({ id: key.id });
    await revokeApiKey(admin, { id: key.id });
    await expect(authenticateApiKey(`Bearer ${key.secret}`)).rejects.toMatchObject({ code: "invalid_secret_key" });
    const events = await db().auditEvent.findMany({ where: { targetId: key.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(events[1]).toMatchObject({ actorKind: "staff", actorId: admin.actor.userId, env: "sandbox" });
  });

  it("revoking twice changes nothing and records nothing more", async () => {
    const admin = await adminCtx("sandbox");
    const key = await createApiKey(admin, { name: "Twice" });
    const first = await revokeApiKey(admin, { id: key.id });
    const second = await revokeApiKey(admin, { id: key.id });
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect(await db().auditEvent.count({ where: { targetId: key.id, action: "api_key.revoked" } })).toBe(1);
  });

  it("cannot revoke a key of the other environment", async () => {
    const live = await adminCtx("live");
    const key = await createApiKey(live, { name: "Live key" });
    const sandbox = { ...live, env: "sandbox" as const };
    await expect(revokeApiKey(sandbox, { id: key.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("is for admins only", async () => {
    const staff = await staffCtx("sandbox", "staff");
    await expect(createApiKey(staff, { name: "Nope" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listApiKeys(staff)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeApiKey(staff, { id: "key_x" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
