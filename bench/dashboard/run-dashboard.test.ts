import { describe, expect, it } from "vitest";
import { dashboardTable, unionMs, type DashboardPartResult } from "./run-dashboard";

describe("dashboard part", () => {
  it("counts the server time of overlapping requests once (the union of their intervals)", () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([{ start: 0, end: 100 }])).toBe(100);
    // An action's POST and the background refetch that overlaps it, then a later navigation.
    expect(unionMs([{ start: 50, end: 120 }, { start: 0, end: 100 }, { start: 200, end: 260 }])).toBe(180);
  });

  it("prints each action against its targets", () => {
    const timing = (p50: number, p95: number) => ({ p50, p95, max: p95, runs: 10 });
    const result: DashboardPartResult = {
      chromium: "1",
      runs: 10,
      warmupRuns: 2,
      targets: { clickToPageP95Ms: 1_000, serverP95Ms: 300 },
      actions: [
        { id: "edit_email", label: "edit the email", page: timing(200, 400), server: timing(90, 150), serverAction: timing(80, 140), requests: { server_action: 1 }, meetsTargets: true },
        { id: "enable_plan", label: "enable a plan", page: timing(700, 1_200), server: timing(250, 350), requests: {}, meetsTargets: false },
      ],
    };
    const lines = dashboardTable(result).split("\n");
    expect(lines.find((line) => line.startsWith("edit the email"))).toMatch(/400 ms\s+ok\s+90 ms\s+150 ms\s+ok\s+140 ms\s+server_action 1/);
    expect(lines.find((line) => line.startsWith("enable a plan"))).toMatch(/1200 ms\s+MISSED\s+250 ms\s+350 ms\s+MISSED/);
  });
});
