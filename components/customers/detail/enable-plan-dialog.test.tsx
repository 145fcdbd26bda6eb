import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { CustomerDetailView, PlanChoice } from "./customer-detail-types";

const enablePlanAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/plans/actions", () => ({ enablePlanAction }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));

const { EnablePlanDialog } = await import("./enable-plan-dialog");

const customer: CustomerDetailView = {
  internalId: "cus_01",
  id: null,
  pending: true,
  name: "Globex",
  email: "deal@globex.example",
  env: "sandbox",
  stripeId: null,
  stripeUrl: null,
  stripeEnabled: false,
  metadata: {},
  createdAt: new Date(0).toISOString(),
  createdBy: { kind: "staff", label: "ada@equinox.test" },
  claimedAt: null,
  claimedBy: null,
};

const enterprise: PlanChoice = {
  id: "enterprise",
  name: "Enterprise",
  addOn: false,
  price: { amount: 50_000, currency: "usd", interval: "month" },
  items: [
    { featureId: "seats", featureName: "Seats", featureType: "continuous_use", included: 10, unlimited: false, resetInterval: "none" },
    { featureId: "sso", featureName: "Single sign-on", featureType: "boolean", included: 0, unlimited: false, resetInterval: "none" },
  ],
};
const free: PlanChoice = { id: "free", name: "Free", addOn: false, price: null, items: [] };

function renderDialog() {
  const onOpenChange = vi.fn();
  const rendered = renderWithProviders(<EnablePlanDialog customer={customer} choices={[free, enterprise]} open onOpenChange={onOpenChange} />);
  return { ...rendered, onOpenChange };
}

describe("EnablePlanDialog", () => {
  beforeEach(() => enablePlanAction.mockReset());

  it("asks for a plan before anything is sent", async () => {
    const { user } = renderDialog();
    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(screen.getByText("Choose a plan")).toBeTruthy());
    expect(enablePlanAction).not.toHaveBeenCalled();
  });

  it("sends a negotiated price in minor units and only the limits that differ from the plan", async () => {
    enablePlanAction.mockResolvedValue({ ok: true, data: { changed: true, status: "active" } });
    const { user, onOpenChange } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    expect(screen.getByText(/List price \$500\.00/)).toBeTruthy();

    await user.click(screen.getByRole("checkbox", { name: /Negotiated price/ }));
    await user.type(screen.getByLabelText(/^Amount per month/), "1,200.50");
    await user.type(screen.getByLabelText(/^Seats included/), "50");
    await user.type(screen.getByLabelText(/^Note/), "  Globex deal  ");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));

    await waitFor(() => expect(enablePlanAction).toHaveBeenCalledTimes(1));
    expect(enablePlanAction.mock.calls[0]![0]).toEqual({
      customerId: "cus_01",
      planId: "enterprise",
      customPriceAmount: 120_050,
      customCurrency: "usd",
      overrides: { seats: { included: 50 } },
      startsAt: null,
      endsAt: null,
      note: "Globex deal",
    });
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
  });

  it("says what is wrong with a price or a limit that is not a number, on the field", async () => {
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    await user.click(screen.getByRole("checkbox", { name: /Negotiated price/ }));
    await user.type(screen.getByLabelText(/^Seats included/), "lots");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));

    await waitFor(() => expect(screen.getByText("Enter the negotiated price, e.g. 1200")).toBeTruthy());
    expect(screen.getByText("Enter a number")).toBeTruthy();
    expect(screen.getByLabelText(/^Amount per month/).getAttribute("aria-invalid")).toBe("true");
    expect(enablePlanAction).not.toHaveBeenCalled();
  });

  it("an unlimited limit disables its amount and is sent as unlimited", async () => {
    enablePlanAction.mockResolvedValue({ ok: true, data: { changed: true, status: "active" } });
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    await user.click(screen.getByRole("checkbox", { name: "Unlimited" }));
    expect((screen.getByLabelText(/^Seats included/) as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(enablePlanAction).toHaveBeenCalledTimes(1));
    expect(enablePlanAction.mock.calls[0]![0]).toMatchObject({ planId: "enterprise", customPriceAmount: null, overrides: { seats: { unlimited: true } } });
  });

  it("puts the server's refusal on the field it names", async () => {
    enablePlanAction.mockResolvedValue({ ok: false, error: { code: "invalid_inputs", message: "endsAt: must be after the start", field: "endsAt" } });
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "free");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(screen.getByText("Must be after the start")).toBeTruthy());
    expect(screen.getByLabelText(/^End date/).getAttribute("aria-invalid")).toBe("true");
  });
});
