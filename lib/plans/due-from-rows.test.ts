// dueFromRows decides from rows already read what findDueCustomers decides in SQL: a scheduled
// plan whose start has come, an active plan whose end has come, an active grant whose reset has
// come, each at `now` exactly included.
import { describe, expect, it } from "vitest";
import { dueFromRows } from "./apply-due-changes";

const now = new Date("2026-03-01T12:00:00Z");
const before = new Date(now.getTime() - 1);
const after = new Date(now.getTime() + 1);

describe("dueFromRows", () => {
  it("finds plan starts and ends that have come, at now included", () => {
    const due = dueFromRows(
      [
        { customerId: "starts_now", status: "scheduled", startsAt: now, endsAt: null },
        { customerId: "started", status: "scheduled", startsAt: before, endsAt: null },
        { customerId: "starts_later", status: "scheduled", startsAt: after, endsAt: null },
        { customerId: "ends_now", status: "active", startsAt: before, endsAt: now },
        { customerId: "ends_later", status: "active", startsAt: before, endsAt: after },
        { customerId: "never_ends", status: "active", startsAt: before, endsAt: null },
      ],
      [],
      now,
    );
    expect(due.transitions.sort()).toEqual(["ends_now", "started", "starts_now"]);
    expect(due.resets).toEqual([]);
  });

  it("finds balance resets that have come on active grants only, each customer once", () => {
    const due = dueFromRows(
      [],
      [
        { customerId: "a", active: true, nextResetAt: now },
        { customerId: "a", active: true, nextResetAt: before },
        { customerId: "b", active: true, nextResetAt: after },
        { customerId: "c", active: false, nextResetAt: before },
        { customerId: "d", active: true, nextResetAt: null },
      ],
      now,
    );
    expect(due).toEqual({ transitions: [], resets: ["a"] });
  });
});
