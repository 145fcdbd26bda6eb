import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { CustomerDetailView } from "./customer-detail-types";

const updateCustomerAction = vi.hoisted(() => vi.fn());
const fetchJson = vi.hoisted(() => vi.fn());
vi.mock("@/lib/customers/actions", () => ({ updateCustomerAction }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));
vi.mock("@/components/dashboard/fetch-json", () => ({ fetchJson }));

const { EditCustomerDialog } = await import("./edit-customer-dialog");

const customer = { internalId: "cus_me", id: "me_1", pending: false, name: "Me", email: "old@acme.test", env: "sandbox", metadata: {} } as unknown as CustomerDetailView;
const other = { internalId: "cus_acme", id: "acme_1", name: "Acme Corp", email: "billing@acme.test", pending: false };

describe("EditCustomerDialog: an email another customer uses", () => {
  beforeEach(() => {
    updateCustomerAction.mockReset();
    fetchJson.mockReset();
    fetchJson.mockImplementation(async (url: string) => ({ customers: url.includes("billing%40acme.test") ? [other] : [] }));
    updateCustomerAction.mockResolvedValue({ ok: true, data: { internalId: "cus_me", id: "me_1", pending: false, name: "Me", email: "billing@acme.test" } });
  });

  it("warns as it is typed, links to the other customer and to merging into it, and saves on Save anyway", async () => {
    const { user } = renderWithProviders(<EditCustomerDialog customer={customer} open onOpenChange={vi.fn()} />);
    const email = screen.getByLabelText(/^Email/);
    await user.clear(email);
    await user.type(email, "billing@acme.test");

    const warning = await screen.findByTestId("duplicate-email-warning", {}, { timeout: 2000 });
    expect(fetchJson.mock.calls.some(([url]) => String(url).includes("except=cus_me"))).toBe(true);
    expect(screen.getByRole("link", { name: "Open Acme Corp" }).getAttribute("href")).toBe("/customers/cus_acme");
    expect(screen.getByRole("link", { name: "Merge into Acme Corp…" }).getAttribute("href")).toBe("/customers/cus_me?merge=cus_acme");
    expect(warning.textContent).toContain("Save anyway");

    await user.click(screen.getByRole("button", { name: "Save anyway" }));
    await waitFor(() => expect(updateCustomerAction).toHaveBeenCalledWith(expect.objectContaining({ customer_id: "cus_me", email: "billing@acme.test" })));
  });

  it("asks nothing when the email is unchanged", async () => {
    const { user } = renderWithProviders(<EditCustomerDialog customer={customer} open onOpenChange={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(updateCustomerAction).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("duplicate-email-warning")).toBeNull();
  });
});
