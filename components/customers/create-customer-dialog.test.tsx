import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";

const createCustomerAction = vi.hoisted(() => vi.fn());
const push = vi.hoisted(() => vi.fn());
vi.mock("@/lib/customers/actions", () => ({ createCustomerAction }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push, refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));
// The duplicate-email check's route (other customers that use an email): none unless a test says so.
const fetchJson = vi.hoisted(() => vi.fn());
vi.mock("@/components/dashboard/fetch-json", () => ({ fetchJson }));

const { CreateCustomerDialog } = await import("./create-customer-dialog");

function renderDialog(props: Partial<React.ComponentProps<typeof CreateCustomerDialog>> = {}) {
  const onOpenChange = vi.fn();
  const rendered = renderWithProviders(<CreateCustomerDialog env="sandbox" stripeEnabled={false} open onOpenChange={onOpenChange} {...props} />);
  return { ...rendered, onOpenChange, dialog: screen.getByRole("dialog", { name: "Create customer" }) };
}

const created = (customer: Record<string, unknown>) => ({ ok: true, data: { status: "created", customer: { internalId: "cus_01", id: null, pending: true, name: null, email: null, ...customer } } });

describe("CreateCustomerDialog", () => {
  beforeEach(() => {
    createCustomerAction.mockReset();
    push.mockReset();
    fetchJson.mockReset();
    fetchJson.mockResolvedValue({ customers: [] });
  });

  it("without an id, requires the email (the domain's message, on the field) and submits nothing", async () => {
    const { user } = renderDialog();
    expect(screen.getByRole("button", { name: "Create pending customer" })).toBeTruthy();
    await user.type(screen.getByLabelText(/^Name/), "Globex");
    await user.click(screen.getByRole("button", { name: "Create pending customer" }));

    const email = screen.getByLabelText(/^Email/);
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Required for a customer without an id (it is matched by email when the person signs up)")).toBeTruthy();
    expect(document.activeElement).toBe(email);
    expect(createCustomerAction).not.toHaveBeenCalled();
  });

  it("submits a pending customer with the keyboard alone, then opens it", async () => {
    createCustomerAction.mockResolvedValue(created({ email: "deal@globex.example" }));
    const { user, onOpenChange } = renderDialog();
    // The name field has focus when the dialog opens; Tab moves on to the id, then the email.
    await user.keyboard("Globex");
    await user.tab();
    await user.tab();
    await user.keyboard("Deal@Globex.example{Enter}");

    await waitFor(() => expect(createCustomerAction).toHaveBeenCalledTimes(1));
    expect(createCustomerAction.mock.calls[0]![0]).toMatchObject({ name: "Globex", id: null, email: "Deal@Globex.example", create_in_stripe: false });
    await waitFor(() => expect(push).toHaveBeenCalledWith("/customers/cus_01"));
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it("with an id, the email becomes optional and the button says so", async () => {
    createCustomerAction.mockResolvedValue(created({ id: "user_42", pending: false }));
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Customer ID/), "user_42");
    await user.click(screen.getByRole("button", { name: "Create customer" }));
    await waitFor(() => expect(createCustomerAction).toHaveBeenCalledTimes(1));
    expect(createCustomerAction.mock.calls[0]![0]).toMatchObject({ id: "user_42" });
  });

  it("refuses an id the API would refuse, with the schema's message", async () => {
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Customer ID/), "acme corp");
    await user.click(screen.getByRole("button", { name: "Create customer" }));
    const id = screen.getByLabelText(/^Customer ID/);
    await waitFor(() => expect(id.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Cannot contain spaces")).toBeTruthy();
    expect(createCustomerAction).not.toHaveBeenCalled();
  });

  it("shows the server's refusal on the email field when a pending customer already has it", async () => {
    createCustomerAction.mockResolvedValue({
      ok: false,
      error: { code: "pending_email_taken", message: "email: a pending customer already has this email", field: "email", details: { customerId: "cus_first" } },
    });
    const { user } = renderDialog({ defaults: { email: "deal@initech.test" } });
    await user.click(screen.getByRole("button", { name: "Create pending customer" }));
    await waitFor(() => expect(screen.getByText(/A pending customer already has this email/)).toBeTruthy());
    expect(screen.getByRole("link", { name: "Open that customer" }).getAttribute("href")).toBe("/customers/cus_first");
    expect(push).not.toHaveBeenCalled();
  });

  it("closes on Escape without submitting", async () => {
    const { user, onOpenChange } = renderDialog();
    await user.keyboard("{Escape}");
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(createCustomerAction).not.toHaveBeenCalled();
  });

  it("warns when another customer already uses the email, links to it, and saves only on an explicit Save anyway", async () => {
    const other = { internalId: "cus_acme", id: "acme_1", name: "Acme Corp", email: "billing@acme.test", pending: false };
    fetchJson.mockImplementation(async (url: string) => ({ customers: url.toLowerCase().includes("billing%40acme.test") ? [other] : [] }));
    createCustomerAction.mockResolvedValue(created({ id: "acme_2", pending: false }));
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Customer ID/), "acme_2");
    await user.type(screen.getByLabelText(/^Email/), "Billing@ACME.test");
    // Submitted before the typed email settled: the check runs first and holds the save.
    await user.click(screen.getByRole("button", { name: "Create customer" }));

    const warning = await screen.findByTestId("duplicate-email-warning");
    expect(warning.textContent).toContain("Another customer already uses this email");
    expect(screen.getByRole("link", { name: "Open Acme Corp" }).getAttribute("href")).toBe("/customers/cus_acme");
    expect(createCustomerAction).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Save anyway" }));
    await waitFor(() => expect(createCustomerAction).toHaveBeenCalledTimes(1));
    expect(createCustomerAction.mock.calls[0]![0]).toMatchObject({ id: "acme_2", email: "Billing@ACME.test" });
  });

  it("shows the warning as the email is typed, and none for an unused email", async () => {
    const other = { internalId: "cus_p", id: null, name: null, email: "deal@initech.test", pending: true };
    fetchJson.mockImplementation(async (url: string) => ({ customers: url.includes("deal%40initech.test") ? [other] : [] }));
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Email/), "deal@initech.test");
    const warning = await screen.findByTestId("duplicate-email-warning", {}, { timeout: 2000 });
    // Two pending customers cannot share an email: the domain refuses it, so there is nothing to confirm.
    expect(warning.textContent).toContain("cannot share an email");
    expect(screen.getByRole("button", { name: "Create pending customer" })).toBeTruthy();

    await user.clear(screen.getByLabelText(/^Email/));
    await user.type(screen.getByLabelText(/^Email/), "someone@else.test");
    await waitFor(() => expect(screen.queryByTestId("duplicate-email-warning")).toBeNull(), { timeout: 2000 });
  });
});
