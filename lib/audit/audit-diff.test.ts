import { describe, expect, it } from "vitest";
import { diffAuditValues, formatAuditValue } from "./audit-diff";

describe("diffAuditValues", () => {
  it("compares nested values leaf by leaf", () => {
    const rows = diffAuditValues({ name: "Pro", price: { amount: 1000 }, tags: ["a"] }, { name: "Pro", price: { amount: 2000 }, group: "main" });
    expect(rows).toEqual([
      { path: "name", before: "Pro", after: "Pro", change: "unchanged" },
      { path: "price.amount", before: 1000, after: 2000, change: "changed" },
      { path: "tags.0", before: "a", after: undefined, change: "removed" },
      { path: "group", before: undefined, after: "main", change: "added" },
    ]);
  });

  it("treats a missing side as all added or all removed", () => {
    expect(diffAuditValues(null, { role: "staff" })).toEqual([{ path: "role", before: undefined, after: "staff", change: "added" }]);
    expect(diffAuditValues({ role: "staff" }, undefined)).toEqual([{ path: "role", before: "staff", after: undefined, change: "removed" }]);
  });

  it("formats values for display", () => {
    expect(formatAuditValue(undefined)).toBe("—");
    expect(formatAuditValue("x")).toBe("x");
    expect(formatAuditValue(null)).toBe("null");
    expect(formatAuditValue({ a: 1 })).toBe('{"a":1}');
  });
});
