import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { CustomerDetailView, PlanChoice } from "./customer-detail-types";

const enablePlanAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/billing/views/dashboard-actions", () => ({ enableBilledPlanAction: enablePlanAction }));
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
  stripeEnabled: true,
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

function renderDialog({ stripeEnabled = true } = {}) {
  const onOpenChange = vi.fn();
  const rendered = renderWithProviders(<EnablePlanDialog customer={{ ...customer, stripeEnabled }} choices={[free, enterprise]} open onOpenChange={onOpenChange} />);
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
      // A paid plan is billed: by invoice, net 30, sent by Stripe, active at once unless staff choose otherwise.
      billing: { mode: "invoice", activate: "immediately", days_until_due: 30, auto_finalize: true },
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
  it("asks how a paid plan is billed, and shows each mode's own choices", async () => {
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "free");
    expect(screen.queryByRole("group", { name: "Billing" })).toBeNull();

    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    const billing = screen.getByRole("group", { name: "Billing" });
    expect(within(billing).getByRole("radio", { name: "By invoice" })).toHaveProperty("checked", true);
    expect(within(billing).getByLabelText(/^Payment terms/)).toBeTruthy();
    expect(within(billing).getByRole("radio", { name: "Finalize and send invoices" })).toBeTruthy();
    expect(within(billing).getByRole("radio", { name: "Keep drafts for review" })).toBeTruthy();
    expect(within(billing).getByRole("radio", { name: "Once the first invoice is paid" })).toBeTruthy();

    await user.click(within(billing).getByRole("radio", { name: "By card" }));
    expect(within(billing).queryByLabelText(/^Payment terms/)).toBeNull();
    expect(within(billing).getByRole("radio", { name: "Before payment" })).toBeTruthy();
    expect(within(billing).getByRole("radio", { name: "Only after payment" })).toBeTruthy();

    await user.click(within(billing).getByRole("radio", { name: "Billed elsewhere" }));
    expect(within(billing).queryAllByRole("radio")).toHaveLength(3);
    expect(within(billing).getByText(/nothing renews here/)).toBeTruthy();

    // A negotiated price of 0 makes the plan free: nothing to bill.
    await user.click(screen.getByRole("checkbox", { name: /Negotiated price/ }));
    await user.type(screen.getByLabelText(/^Amount per month/), "0");
    expect(screen.queryByRole("group", { name: "Billing" })).toBeNull();
  });

  it("without Stripe, a paid plan can only be billed elsewhere: invoice and card are shown with the reason, not choosable", async () => {
    enablePlanAction.mockResolvedValue({ ok: true, data: { changed: true, status: "active" } });
    const { user } = renderDialog({ stripeEnabled: false });
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    const billing = screen.getByRole("group", { name: "Billing" });
    expect(within(billing).getByRole("radio", { name: "Billed elsewhere" })).toHaveProperty("checked", true);
    for (const name of ["By invoice", "By card"]) expect(within(billing).getByRole("radio", { name })).toHaveProperty("disabled", true);
    expect(within(billing).getAllByText(/Needs Stripe/)).toHaveLength(2);
    await user.click(within(billing).getByRole("radio", { name: "By invoice" }));
    expect(within(billing).getByRole("radio", { name: "Billed elsewhere" })).toHaveProperty("checked", true);

    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(enablePlanAction).toHaveBeenCalledTimes(1));
    expect(enablePlanAction.mock.calls[0]![0]).toMatchObject({ planId: "enterprise", billing: { mode: "elsewhere" } });
  });

  it("sends invoice terms, drafts and activation on payment, and a contract's renewal and reminder", async () => {
    enablePlanAction.mockResolvedValue({ ok: true, data: { changed: true, status: "active" } });
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    expect(screen.queryByRole("group", { name: "At the end date" })).toBeNull();
    const terms = screen.getByLabelText(/^Payment terms/);
    await user.clear(terms);
    await user.type(terms, "45");
    await user.click(screen.getByRole("radio", { name: "Keep drafts for review" }));
    await user.click(screen.getByRole("radio", { name: "Once the first invoice is paid" }));
    await user.type(screen.getByLabelText(/^End date/), "2027-12-31");
    await user.click(screen.getByRole("radio", { name: "Renew" }));
    const reminder = screen.getByLabelText(/^Remind the owner/);
    await user.clear(reminder);
    await user.type(reminder, "60");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));

    await waitFor(() => expect(enablePlanAction).toHaveBeenCalledTimes(1));
    expect(enablePlanAction.mock.calls[0]![0]).toMatchObject({
      planId: "enterprise",
      endsAt: new Date("2027-12-31T00:00:00").toISOString(),
      billing: { mode: "invoice", days_until_due: 45, auto_finalize: false, activate: "on_payment", on_end: "renew", reminder_days: 60 },
    });
  });

  it("sends a card plan that waits for payment, without invoice terms", async () => {
    enablePlanAction.mockResolvedValue({ ok: true, data: { changed: true, status: "active" } });
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    await user.click(screen.getByRole("radio", { name: "By card" }));
    await user.click(screen.getByRole("radio", { name: "Only after payment" }));
    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(enablePlanAction).toHaveBeenCalledTimes(1));
    expect(enablePlanAction.mock.calls[0]![0].billing).toEqual({ mode: "card", activate: "on_payment" });
  });

  it("refuses payment terms and a reminder that are not whole days, on their fields, and keeps what was typed", async () => {
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    const terms = screen.getByLabelText(/^Payment terms/);
    await user.clear(terms);
    await user.type(terms, "thirty");
    await user.type(screen.getByLabelText(/^End date/), "2027-12-31");
    const reminder = screen.getByLabelText(/^Remind the owner/);
    await user.clear(reminder);
    await user.type(reminder, "400");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));

    await waitFor(() => expect(screen.getByText("Enter a whole number of days, e.g. 30")).toBeTruthy());
    expect(screen.getByLabelText(/^Payment terms/).getAttribute("aria-invalid")).toBe("true");
    // The base schema's own limit, from billingOptionsSchema.
    expect(screen.getByText("Must be at most 365")).toBeTruthy();
    expect((screen.getByLabelText(/^Payment terms/) as HTMLInputElement).value).toBe("thirty");
    expect(enablePlanAction).not.toHaveBeenCalled();
  });

  it("puts the server's refusal of a billing option on its field", async () => {
    enablePlanAction.mockResolvedValue({ ok: false, error: { code: "invalid_inputs", message: "billing.days_until_due: must be at most 365", field: "billing.days_until_due" } });
    const { user } = renderDialog();
    await user.selectOptions(screen.getByLabelText(/^Plan/), "enterprise");
    await user.click(screen.getByRole("button", { name: "Enable plan" }));
    await waitFor(() => expect(screen.getByText("Must be at most 365")).toBeTruthy());
    expect(screen.getByLabelText(/^Payment terms/).getAttribute("aria-invalid")).toBe("true");
  });
});
