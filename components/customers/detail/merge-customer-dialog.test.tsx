import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { CustomerDetailView } from "./customer-detail-types";

const mergeCustomersAction = vi.hoisted(() => vi.fn());
const push = vi.hoisted(() => vi.fn());
const fetchJson = vi.hoisted(() => vi.fn());
vi.mock("@/lib/customers/actions", () => ({ mergeCustomersAction }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push, refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));
vi.mock("@/components/dashboard/fetch-json", () => ({ fetchJson }));

const { MergeCustomerDialog } = await import("./merge-customer-dialog");

const customer = {
  internalId: "cus_dup",
  id: null,
  pending: true,
  name: "Acme deal",
  email: "billing@acme.test",
  env: "sandbox",
  stripeId: null,
  metadata: {},
} as unknown as CustomerDetailView;

const row = (internalId: string, name: string, id: string | null) => ({ internalId, id, pending: id === null, name, email: "billing@acme.test", plans: [] });
const side = (internalId: string, name: string, id: string | null) => ({ internalId, id, name, email: "billing@acme.test", pending: id === null, stripeId: null });
const moves = { plans: ["enterprise"], balances: 0, usageEvents: 3, entities: 0, invitations: 0, metadataKeys: ["crm"], stripeLink: false, portalUser: false };

describe("MergeCustomerDialog", () => {
  beforeEach(() => {
    mergeCustomersAction.mockReset();
    push.mockReset();
    fetchJson.mockReset();
  });

  it("searches from the customer's email, previews what moves, and merges into the picked survivor", async () => {
    fetchJson.mockImplementation(async (url: string) => {
      if (url.startsWith("/api/dashboard/customers?")) {
        expect(new URL(url, "http://x").searchParams.get("q")).toBe("billing@acme.test");
        return { rows: [row("cus_dup", "Acme deal", null), row("cus_acme", "Acme Corp", "acme_1")], nextCursor: null };
      }
      expect(url).toBe("/api/dashboard/customers/cus_dup/merge-preview?into=cus_acme");
      return { merged: side("cus_dup", "Acme deal", null), survivor: side("cus_acme", "Acme Corp", "acme_1"), conflict: null, moves, replaced: [] };
    });
    mergeCustomersAction.mockResolvedValue({ ok: true, data: { internalId: "cus_acme", id: "acme_1", pending: false, name: "Acme Corp", email: "billing@acme.test" } });
    const { user } = renderWithProviders(<MergeCustomerDialog customer={customer} open onOpenChange={vi.fn()} />);

    // The customer itself is not offered.
    const option = await screen.findByRole("option", { name: /Acme Corp/ });
    expect(screen.queryByRole("option", { name: /Acme deal/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Merge customers" }).hasAttribute("disabled")).toBe(true);
    await user.click(option);

    const preview = await screen.findByTestId("merge-preview");
    expect(preview.textContent).toContain("Moves 1 plan (enterprise)");
    expect(preview.textContent).toContain("Moves 3 usage events");
    expect(preview.textContent).toContain("Moves metadata: crm");
    await user.click(screen.getByRole("button", { name: "Merge customers" }));
    await waitFor(() => expect(mergeCustomersAction).toHaveBeenCalledWith({ customer_id: "cus_dup", into: "cus_acme" }));
    await waitFor(() => expect(push).toHaveBeenCalledWith("/customers/cus_acme"));
  });

  it("shows why a merge is refused and does not offer to confirm it", async () => {
    fetchJson.mockImplementation(async (url: string) =>
      url.startsWith("/api/dashboard/customers?")
        ? { rows: [row("cus_other", "Other", "other_1")], nextCursor: null }
        : {
            merged: side("cus_dup", "Acme deal", null),
            survivor: side("cus_other", "Other", "other_1"),
            conflict: { reason: "two_stripe_customers", message: "Both customers are linked to a Stripe customer (cus_a and cus_b): unlink one first" },
            moves,
            replaced: [],
          },
    );
    renderWithProviders(<MergeCustomerDialog customer={customer} open onOpenChange={vi.fn()} initialSurvivorId="cus_other" />);
    const conflict = await screen.findByTestId("merge-conflict");
    expect(conflict.textContent).toContain("unlink one first");
    expect(screen.getByRole("button", { name: "Merge customers" }).hasAttribute("disabled")).toBe(true);
    expect(mergeCustomersAction).not.toHaveBeenCalled();
  });
});
