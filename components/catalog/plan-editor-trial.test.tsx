// The plan editor and what the API may have set on a plan: a free trial (editable here) and
// metadata (not shown) survive a save; a trial is set in days, months or years.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { PlanView } from "@/lib/plans/plan-view";

const updatePlanAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/plans/actions", () => ({ createPlanAction: vi.fn(), updatePlanAction }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));

const { PlanEditor } = await import("./plan-editor");

const plan = (overrides: Partial<PlanView>): PlanView => ({
  pk: "pln_team",
  id: "team",
  name: "Team",
  description: null,
  group: null,
  isDefault: false,
  isAddOn: false,
  archived: false,
  archivedAt: null,
  version: 1,
  versionId: "plv_1",
  price: { amount: 5000, currency: "usd", interval: "month" },
  items: [],
  freeTrial: null,
  metadata: {},
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe("PlanEditor: free trial and metadata", () => {
  beforeEach(() => {
    updatePlanAction.mockReset();
  });

  it("keeps the plan's trial and metadata when something else is edited", async () => {
    const team = plan({ freeTrial: { length: 14, unit: "day", cardRequired: true, onEnd: "bill" }, metadata: { highlight: "Most popular" } });
    updatePlanAction.mockResolvedValue({ ok: true, data: { ...team, name: "Team 2026" } });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" plan={team} features={[]} />);
    expect((screen.getByLabelText("Free trial length") as HTMLInputElement).value).toBe("14");
    const name = screen.getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, "Team 2026");
    await user.click(screen.getByRole("button", { name: "Save plan" }));
    await waitFor(() => expect(updatePlanAction).toHaveBeenCalledTimes(1));
    expect(updatePlanAction.mock.calls[0]![0]).toMatchObject({ name: "Team 2026", freeTrial: team.freeTrial, metadata: team.metadata });
  });

  it("sets a trial by its length, and clears it when emptied", async () => {
    const team = plan({});
    const trial = { length: 7, unit: "day", cardRequired: false, onEnd: "bill" } as const;
    updatePlanAction.mockResolvedValueOnce({ ok: true, data: { ...team, freeTrial: trial } }).mockResolvedValue({ ok: true, data: team });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" plan={team} features={[]} />);
    await user.type(screen.getByLabelText("Free trial length"), "7");
    await user.click(screen.getByRole("button", { name: "Save plan" }));
    await waitFor(() => expect(updatePlanAction).toHaveBeenCalledTimes(1));
    expect(updatePlanAction.mock.calls[0]![0]).toMatchObject({ freeTrial: trial });
    await waitFor(() => expect((screen.getByLabelText("Free trial length") as HTMLInputElement).value).toBe("7"));

    await user.clear(screen.getByLabelText("Free trial length"));
    await user.click(screen.getByRole("button", { name: "Save plan" }));
    await waitFor(() => expect(updatePlanAction).toHaveBeenCalledTimes(2));
    expect(updatePlanAction.mock.calls[1]![0]).toMatchObject({ freeTrial: null });
  });
});
