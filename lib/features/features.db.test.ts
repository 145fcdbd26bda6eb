import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { staffCtx, unique } from "@/tests/factories";
import { createFeature } from "./create-feature";
import { updateFeature } from "./update-feature";
import { archiveFeature } from "./archive-feature";
import { listFeatures } from "./list-features";

describe("the feature catalog", () => {
  it("lets an admin create, edit and archive features, per environment, with an audit event for each change", async () => {
    const admin = await staffCtx("live", "admin");
    const featureId = unique("messages");
    const created = await createFeature(admin, { featureId, name: "Messages", type: "single_use", eventNames: ["message_sent", "message_sent"] });
    expect(created).toMatchObject({ id: featureId, name: "Messages", type: "single_use", eventNames: ["message_sent"], archived: false });

    const updated = await updateFeature(admin, { featureId, name: "AI messages", eventNames: ["message_sent", "chat"] });
    expect(updated).toMatchObject({ name: "AI messages", eventNames: ["message_sent", "chat"], type: "single_use" });

    expect((await listFeatures(admin)).map((f) => f.id)).toContain(featureId);
    expect((await listFeatures({ ...admin, env: "sandbox" })).map((f) => f.id)).not.toContain(featureId);

    await archiveFeature(admin, { featureId });
    expect((await listFeatures(admin)).map((f) => f.id)).not.toContain(featureId);
    expect((await listFeatures(admin, { includeArchived: true })).find((f) => f.id === featureId)).toMatchObject({ archived: true });

    const actions = (await db().auditEvent.findMany({ where: { targetId: created.pk }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["feature.created", "feature.updated", "feature.archived"]);
  });

  it("refuses catalog changes to staff who are not admins, and duplicate or malformed ids", async () => {
    const staff = await staffCtx("sandbox", "staff");
    await expect(createFeature(staff, { featureId: unique("f"), name: "F", type: "boolean" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listFeatures(staff)).resolves.toBeInstanceOf(Array);

    const admin = await staffCtx("sandbox", "admin");
    const featureId = unique("seats");
    await createFeature(admin, { featureId, name: "Seats", type: "continuous_use" });
    await expect(createFeature(admin, { featureId, name: "Seats again", type: "continuous_use" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createFeature(admin, { featureId: "has space", name: "X", type: "boolean" })).rejects.toThrow(/letters, digits/);
    await expect(updateFeature(admin, { featureId: unique("nope"), name: "X" })).rejects.toMatchObject({ code: "feature_not_found" });
  });
});
