import { describe, expect, it } from "vitest";
import type { AuditEventView } from "@/lib/audit/audit-event-view";
import { describeActivity, type ActivityNames } from "./describe-activity";

const names: ActivityNames = { plans: { free: "Free", enterprise_2026: "Enterprise" }, features: { seats: "Seats" } };

function event(action: string, target: Record<string, unknown>, extra: Partial<AuditEventView> = {}): AuditEventView {
  return { id: "aud_1", action, target, before: null, after: null, actorKind: "staff", actorLabel: "ada@equinox.test", createdAt: new Date(0).toISOString(), ...extra } as unknown as AuditEventView;
}

describe("describeActivity names plans, not ids", () => {
  it("says which plan replaced another by its name", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "free", replacedBy: "enterprise_2026" }), names).title).toBe("Free was replaced by Enterprise");
  });

  it("prefers the name recorded with the event (the plan may have been renamed since)", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "free", replacedBy: "enterprise_2026", replacedByName: "Enterprise (2026)" }), names).title).toBe(
      "Free was replaced by Enterprise (2026)",
    );
  });

  it("falls back to the id for a plan the page does not know, and never prints JSON", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "gone", replacedBy: "also_gone" }), names).title).toBe("gone was replaced by also_gone");
    expect(describeActivity(event("customer_plan.replaced", { planId: "free" }), names).title).toBe("Free was replaced by another plan");
  });

  it("says which version a customer was migrated to", () => {
    expect(describeActivity(event("customer_plan.migrated", { planId: "free", planName: "Free", fromVersion: 1, toVersion: 3 }), names)).toEqual({
      title: "Moved to version 3 of Free",
      detail: "From version 1; a negotiated price or override stays",
    });
  });

  it("names the plan that superseded a canceled one", () => {
    expect(describeActivity(event("customer_plan.canceled", { planId: "free", supersededBy: "enterprise_2026" }), names)).toEqual({
      title: "Canceled Free",
      detail: "Superseded by Enterprise",
    });
  });

  it("names enabled plans and adjusted features", () => {
    expect(describeActivity(event("customer_plan.enabled", { planId: "enterprise_2026" }), names).title).toBe("Enabled Enterprise");
    expect(describeActivity(event("balance.adjusted", { featureId: "seats" }, { before: { granted: 10 }, after: { granted: 12 } } as Partial<AuditEventView>), names).title).toBe(
      "Adjusted Seats: granted 10 → 12",
    );
  });
});
