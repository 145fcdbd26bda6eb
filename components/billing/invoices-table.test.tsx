import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { InvoiceView } from "@/lib/billing/views/invoice-view";
import { InvoicesTable } from "./invoices-table";

const base: InvoiceView = {
  id: "ivc_1",
  number: "EQX-0001",
  status: "paid",
  currency: "usd",
  total: 375_000,
  amountRemaining: 0,
  dueDate: "2027-01-31T12:00:00.000Z",
  createdAt: "2027-01-01T12:00:00.000Z",
  paidAt: "2027-01-20T12:00:00.000Z",
  hostedInvoiceUrl: "https://invoice.stripe.test/i/1",
  invoicePdf: null,
  overdue: false,
};
const open: InvoiceView = { ...base, id: "ivc_2", number: "EQX-0002", status: "open", amountRemaining: 375_000, paidAt: null, hostedInvoiceUrl: "https://invoice.stripe.test/i/2" };
const overdue: InvoiceView = { ...open, id: "ivc_3", number: "EQX-0003", overdue: true, hostedInvoiceUrl: "https://invoice.stripe.test/i/3" };
const draft: InvoiceView = { ...base, id: "ivc_4", number: null, status: "draft", paidAt: null, dueDate: null, hostedInvoiceUrl: null };

describe("InvoicesTable", () => {
  it("shows each invoice's status, amount, due date and Stripe's page to staff", () => {
    renderWithProviders(<InvoicesTable invoices={[base, open, overdue, draft]} audience="staff" />);
    const table = screen.getByRole("table", { name: "Invoices" });
    const paid = within(table).getByRole("row", { name: /EQX-0001/ });
    expect(within(paid).getByText("Paid")).toBeTruthy();
    expect(within(paid).getByText("$3,750.00")).toBeTruthy();
    expect(within(paid).getByText(/^Paid Jan 20, 2027$/)).toBeTruthy();
    expect(within(paid).getByRole("link", { name: "View in Stripe EQX-0001" }).getAttribute("href")).toBe("https://invoice.stripe.test/i/1");
    expect(within(within(table).getByRole("row", { name: /EQX-0002/ })).getByText("Open")).toBeTruthy();
    expect(within(within(table).getByRole("row", { name: /EQX-0003/ })).getByText("Overdue")).toBeTruthy();
    const draftRow = within(table).getByRole("row", { name: /Draft/ });
    expect(within(draftRow).getByText("Not sent yet")).toBeTruthy();
    expect(within(draftRow).queryByRole("link")).toBeNull();
    // Staff never "pay": that is the customer's page.
    expect(within(table).queryByRole("link", { name: /^Pay/ })).toBeNull();
  });

  it("lets the customer pay an open invoice on Stripe's hosted page, and view a paid one", () => {
    renderWithProviders(<InvoicesTable invoices={[base, open]} audience="customer" />);
    expect(screen.getByRole("link", { name: "Pay EQX-0002" }).getAttribute("href")).toBe("https://invoice.stripe.test/i/2");
    expect(screen.queryByRole("link", { name: "Pay EQX-0001" })).toBeNull();
    expect(screen.getByRole("link", { name: "View EQX-0001" })).toBeTruthy();
  });

  it("says there are no invoices yet, for each audience", () => {
    const { unmount } = renderWithProviders(<InvoicesTable invoices={[]} audience="staff" />);
    expect(screen.getByRole("heading", { name: "No invoices yet" })).toBeTruthy();
    expect(screen.getByText(/Invoices Stripe creates for this customer/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
    unmount();
    renderWithProviders(<InvoicesTable invoices={[]} audience="customer" />);
    expect(screen.getByText(/your invoices show here/)).toBeTruthy();
  });
});
