import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { RenewalViewRow } from "@/lib/billing/views/renewal-view";
import type { RenewalsState } from "@/lib/billing/views/renewals-url";

const push = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ push, refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));

const { RenewalsView } = await import("./renewals-view");

const owners = [{ id: "usr_ada", label: "Ada Lovelace", email: "ada@equinox.test" }];
const state = (change: Partial<RenewalsState> = {}): RenewalsState => ({ within: 30, end: null, owner: null, ...change });

const globex: RenewalViewRow = {
  customerPlanId: "cpl_1",
  customer: { id: "cus_globex", label: "Globex", email: "deal@globex.example", pending: false },
  plan: { id: "enterprise", name: "Enterprise" },
  endsAt: "2027-01-15T00:00:00.000Z",
  daysLeft: 12,
  onEnd: "renew",
  billingMode: "invoice",
  owner: { id: "usr_ada", label: "Ada Lovelace" },
  reminder: { kind: "sent", at: "2026-12-16T09:00:00.000Z" },
};
const initech: RenewalViewRow = {
  ...globex,
  customerPlanId: "cpl_2",
  customer: { id: "cus_initech", label: "Initech", email: null, pending: true },
  onEnd: "end",
  billingMode: "elsewhere",
  owner: null,
  reminder: { kind: "off" },
};

describe("RenewalsView", () => {
  beforeEach(() => push.mockReset());

  it("lists each contract with its end, renew or end, owner and reminder", () => {
    renderWithProviders(<RenewalsView state={state()} rows={[globex, initech]} owners={owners} />);
    const table = screen.getByRole("table", { name: "Renewals" });
    const first = within(table).getByRole("row", { name: /Globex/ });
    expect(within(first).getByText("Enterprise")).toBeTruthy();
    expect(within(first).getByText("By invoice")).toBeTruthy();
    expect(within(first).getByText("Renews")).toBeTruthy();
    expect(within(first).getByText("Ada Lovelace")).toBeTruthy();
    expect(within(first).getByText(/^Sent/)).toBeTruthy();
    expect(within(first).getByText("in 12 days")).toBeTruthy();
    const second = within(table).getByRole("row", { name: /Initech/ });
    expect(within(second).getByText("Ends")).toBeTruthy();
    expect(within(second).getByText("Billed elsewhere")).toBeTruthy();
    expect(within(second).getByText("Nobody")).toBeTruthy();
    expect(within(second).getByText("No reminder")).toBeTruthy();
  });

  it("puts the window, the end and the owner in the URL, leaving defaults out", async () => {
    const { user, rerender } = renderWithProviders(<RenewalsView state={state()} rows={[globex]} owners={owners} />);
    await user.selectOptions(screen.getByLabelText("Ending within"), "60");
    expect(push).toHaveBeenLastCalledWith("/customers/renewals?within=60", { scroll: false });

    rerender(<RenewalsView state={state({ within: 60 })} rows={[globex]} owners={owners} />);
    await user.selectOptions(screen.getByLabelText("At the end"), "renew");
    expect(push).toHaveBeenLastCalledWith("/customers/renewals?within=60&end=renew", { scroll: false });
    await user.selectOptions(screen.getByLabelText("Owner"), "me");
    expect(push).toHaveBeenLastCalledWith("/customers/renewals?within=60&owner=me", { scroll: false });
    await user.selectOptions(screen.getByLabelText("Ending within"), "30");
    expect(push).toHaveBeenLastCalledWith("/customers/renewals", { scroll: false });
  });

  it("clears the filters but keeps the window", async () => {
    const { user } = renderWithProviders(<RenewalsView state={state({ within: 90, end: "end", owner: "usr_ada" })} rows={[]} owners={owners} />);
    expect(screen.getByRole("heading", { name: "No contract matches" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(push).toHaveBeenLastCalledWith("/customers/renewals?within=90", { scroll: false });
  });

  it("with nothing ending soon, offers to look further ahead", async () => {
    const { user } = renderWithProviders(<RenewalsView state={state()} rows={[]} owners={owners} />);
    expect(screen.getByRole("heading", { name: "No contract ends in the next 30 days" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show the next 90 days" }));
    expect(push).toHaveBeenLastCalledWith("/customers/renewals?within=90", { scroll: false });
  });
});
