import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { FeatureView } from "@/lib/features/feature-view";
import type { PlanView } from "@/lib/plans/plan-view";

const createPlanAction = vi.hoisted(() => vi.fn());
const updatePlanAction = vi.hoisted(() => vi.fn());
const push = vi.hoisted(() => vi.fn());
const toast = vi.hoisted(() => ({ success: vi.fn(), info: vi.fn(), error: vi.fn() }));
vi.mock("@/lib/plans/actions", () => ({ createPlanAction, updatePlanAction }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push, refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast }));

const { PlanEditor } = await import("./plan-editor");

const feature = (id: string, name: string, type: FeatureView["type"]): FeatureView => ({
  pk: `fea_${id}`,
  id,
  name,
  type,
  eventNames: [],
  archived: false,
  archivedAt: null,
  createdAt: new Date(0),
});
const features = [feature("messages", "Messages", "single_use"), feature("seats", "Seats", "continuous_use"), feature("sso", "Single sign-on", "boolean")];

const pro: PlanView = {
  pk: "pln_pro",
  id: "pro",
  name: "Pro",
  description: null,
  group: null,
  isDefault: false,
  isAddOn: false,
  archived: false,
  archivedAt: null,
  version: 3,
  versionId: "plv_3",
  price: { amount: 2000, currency: "usd", interval: "month" },
  items: [
    { featurePk: "fea_messages", featureId: "messages", featureName: "Messages", featureType: "single_use", featureArchived: false, included: 1000, unlimited: false, resetInterval: "month", overageAllowed: false },
  ],
  freeTrial: null,
  metadata: {},
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

/** Opens a Radix select with the keyboard and picks an option by name. */
async function choose(user: ReturnType<typeof renderWithProviders>["user"], combobox: HTMLElement, option: string | RegExp) {
  combobox.focus();
  await user.keyboard("{Enter}");
  const listbox = await screen.findByRole("listbox");
  await user.click(within(listbox).getByRole("option", { name: option }));
}

describe("PlanEditor", () => {
  beforeEach(() => {
    createPlanAction.mockReset();
    updatePlanAction.mockReset();
    push.mockReset();
    toast.success.mockReset();
  });

  it("a new plan needs a name and an id (the domain schema's messages) before anything is sent", async () => {
    const { user } = renderWithProviders(<PlanEditor env="sandbox" features={features} />);
    await user.click(screen.getByRole("button", { name: "Create plan" }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/).getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByLabelText(/^Plan id/).getAttribute("aria-invalid")).toBe("true");
    expect(createPlanAction).not.toHaveBeenCalled();
  });

  it("creates a recurring plan with a metered feature, amounts in minor units", async () => {
    createPlanAction.mockResolvedValue({ ok: true, data: { ...pro, version: 1 } });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" features={features} />);
    await user.type(screen.getByLabelText(/^Name/), "Pro");
    await user.type(screen.getByLabelText(/^Plan id/), "pro");
    await choose(user, screen.getByRole("combobox", { name: "Pricing" }), "Recurring");
    // Switching to a price starts the amount at 0.00: the user replaces it.
    await user.clear(screen.getByLabelText(/^Amount/));
    await user.type(screen.getByLabelText(/^Amount/), "20.50");
    await choose(user, screen.getByRole("combobox", { name: "Add a feature" }), /Messages/);
    const included = screen.getByLabelText(/^Included/);
    await user.clear(included);
    await user.type(included, "1000");
    // Enter in a field submits the form.
    await user.type(screen.getByLabelText(/^Name/), "{Enter}");

    await waitFor(() => expect(createPlanAction).toHaveBeenCalledTimes(1));
    expect(createPlanAction.mock.calls[0]![0]).toMatchObject({
      planId: "pro",
      name: "Pro",
      price: { amount: 2050, currency: "usd", interval: "month" },
      items: [{ featureId: "messages", included: 1000, unlimited: false, resetInterval: "month", overageAllowed: false }],
      isDefault: false,
      isAddOn: false,
    });
    await waitFor(() => expect(push).toHaveBeenCalledWith("/plans/pro"));
  });

  it("refuses an amount that is not one, on the field", async () => {
    const { user } = renderWithProviders(<PlanEditor env="sandbox" features={features} />);
    await user.type(screen.getByLabelText(/^Name/), "Pro");
    await user.type(screen.getByLabelText(/^Plan id/), "pro");
    await choose(user, screen.getByRole("combobox", { name: "Pricing" }), "One-off payment");
    await user.clear(screen.getByLabelText(/^Amount/));
    await user.type(screen.getByLabelText(/^Amount/), "twenty");
    await user.click(screen.getByRole("button", { name: "Create plan" }));
    await waitFor(() => expect(screen.getByLabelText(/^Amount/).getAttribute("aria-invalid")).toBe("true"));
    expect(createPlanAction).not.toHaveBeenCalled();
  });

  it("edits a plan: the id is fixed, changes are flagged, a removed feature is not sent", async () => {
    updatePlanAction.mockResolvedValue({ ok: true, data: { ...pro, name: "Pro 2026", items: [], version: 4 } });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" plan={pro} features={features} />);
    expect((screen.getByLabelText(/^Plan id/) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByText("Unsaved changes")).toBeNull();

    const name = screen.getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, "Pro 2026");
    expect(screen.getByText("Unsaved changes")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Remove Messages" }));
    expect(screen.getByText(/This plan grants no features yet/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Save plan" }));

    await waitFor(() => expect(updatePlanAction).toHaveBeenCalledTimes(1));
    expect(updatePlanAction.mock.calls[0]![0]).toMatchObject({ planId: "pro", name: "Pro 2026", items: [] });
    await waitFor(() => expect(toast.success).toHaveBeenCalledWith("Plan saved as version 4", expect.anything()));
  });

  it("grants an item per entity of a continuous-use feature: only those are offered, and an edit sends and keeps the link", async () => {
    const withSeats: PlanView = {
      ...pro,
      items: [
        ...pro.items,
        { featurePk: "fea_seats", featureId: "seats", featureName: "Seats", featureType: "continuous_use", featureArchived: false, included: 5, unlimited: false, resetInterval: "none", overageAllowed: false },
      ],
    };
    updatePlanAction.mockResolvedValue({ ok: true, data: { ...withSeats, version: 4 } });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" plan={withSeats} features={features} />);
    const rows = within(screen.getByRole("list", { name: "Plan features" })).getAllByRole("listitem");
    // Seats is the only continuous-use feature: it cannot be granted per entity of itself.
    expect(within(rows[1]!).queryByRole("combobox", { name: "Granted" })).toBeNull();
    const granted = within(rows[0]!).getByRole("combobox", { name: "Granted" });
    expect(granted.textContent).toContain("Per customer");

    granted.focus();
    await user.keyboard("{Enter}");
    const options = within(await screen.findByRole("listbox")).getAllByRole("option");
    expect(options.map((option) => option.textContent)).toEqual(["Per customer (one balance)", "Per entity of Seats"]);
    await user.click(options[1]!);
    await user.click(screen.getByRole("button", { name: "Save plan" }));

    await waitFor(() => expect(updatePlanAction).toHaveBeenCalledTimes(1));
    expect(updatePlanAction.mock.calls[0]![0]).toMatchObject({
      planId: "pro",
      items: [
        { featureId: "messages", included: 1000, entityFeatureId: "seats" },
        { featureId: "seats", entityFeatureId: null },
      ],
    });
  });

  it("shows a per-entity item as such", () => {
    const perSeat: PlanView = { ...pro, items: [{ ...pro.items[0]!, entityFeaturePk: "fea_seats", entityFeatureId: "seats" }] };
    renderWithProviders(<PlanEditor env="sandbox" plan={perSeat} features={features} />);
    expect(screen.getByRole("combobox", { name: "Granted" }).textContent).toContain("Per entity of Seats");
  });

  it("shows the server's refusal on its field", async () => {
    createPlanAction.mockResolvedValue({ ok: false, error: { code: "conflict", message: "planId: a plan with this id already exists", field: "planId" } });
    const { user } = renderWithProviders(<PlanEditor env="sandbox" features={features} />);
    await user.type(screen.getByLabelText(/^Name/), "Pro");
    await user.type(screen.getByLabelText(/^Plan id/), "pro");
    await user.click(screen.getByRole("button", { name: "Create plan" }));
    await waitFor(() => expect(screen.getByText("A plan with this id already exists")).toBeTruthy());
    expect(document.activeElement).toBe(screen.getByLabelText(/^Plan id/));
  });

  it("read-only for staff: nothing can be changed or saved", () => {
    renderWithProviders(<PlanEditor env="sandbox" plan={pro} features={features} readOnly />);
    expect(screen.queryByRole("button", { name: "Save plan" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Remove/ })).toBeNull();
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).closest("fieldset")!.disabled).toBe(true);
  });
});
