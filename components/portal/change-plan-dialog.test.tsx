import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import type { PortalChangePreview, PortalPlanOption } from "@/lib/portal/portal-plan-change";

const toast = vi.hoisted(() => ({ success: vi.fn(), info: vi.fn(), error: vi.fn(), warning: vi.fn() }));
vi.mock("@/components/ui/toaster", () => ({ toast }));

const { ChangePlanDialog } = await import("./change-plan-dialog");
const { PlanActions } = await import("./plan-actions");

const OPTIONS: PortalPlanOption[] = [
  { planId: "business", name: "Business", price: { amount: 9900, currency: "usd", interval: "month" }, direction: "upgrade" },
  { planId: "starter", name: "Starter", price: { amount: 900, currency: "usd", interval: "month" }, direction: "downgrade" },
];

const JAN_1_2027 = Date.UTC(2027, 0, 1, 12);

const PREVIEWS: Record<string, PortalChangePreview> = {
  // An upgrade now: the unused part of Pro credited, the rest of the period of Business charged.
  business: {
    planId: "business",
    currency: "usd",
    dueToday: 50,
    lines: [
      { description: "Unused time on Pro", total: -20 },
      { description: "Remaining time on Business", total: 70 },
    ],
    effectiveAt: null,
    nextCycle: { startsAt: JAN_1_2027, total: 99 },
  },
  // A downgrade at the period's end: nothing today.
  starter: { planId: "starter", currency: "usd", dueToday: 0, lines: [], effectiveAt: JAN_1_2027, nextCycle: { startsAt: JAN_1_2027, total: 9 } },
};

const preview = vi.fn();
const change = vi.fn();

function renderDialog() {
  const onOpenChange = vi.fn();
  const rendered = renderWithProviders(<ChangePlanDialog open onOpenChange={onOpenChange} planKey="cpl_pro" planName="Pro" options={OPTIONS} actions={{ preview, change }} />);
  return { ...rendered, onOpenChange, dialog: screen.getByRole("dialog", { name: "Change Pro" }) };
}

const summary = () => screen.getByRole("region", { name: "What changes" });

describe("ChangePlanDialog", () => {
  beforeEach(() => {
    preview.mockReset();
    change.mockReset();
    toast.success.mockReset();
    preview.mockImplementation(async ({ planId }: { planId: string }) => ({ ok: true, preview: PREVIEWS[planId] }));
  });

  it("lists the plans of the group it may switch to and previews the first: due today, the next cycle, effective now", async () => {
    const { dialog } = renderDialog();
    const radios = within(dialog).getAllByRole("radio");
    expect(radios.map((radio) => radio.closest("label")?.textContent)).toEqual([expect.stringContaining("Business"), expect.stringContaining("Starter")]);
    expect(within(dialog).getByText("$99.00 / month · Upgrade")).toBeTruthy();
    expect(within(dialog).getByText("$9.00 / month · Downgrade")).toBeTruthy();
    expect((radios[0] as HTMLInputElement).checked).toBe(true);

    await waitFor(() => expect(within(summary()).getByText("$50.00")).toBeTruthy());
    expect(preview).toHaveBeenCalledWith({ customerPlanId: "cpl_pro", planId: "business" });
    const text = summary().textContent ?? "";
    expect(text).toContain("Takes effectNow");
    expect(text).toContain("Unused time on Pro-$20.00");
    expect(text).toContain("Due today$50.00");
    expect(text).toContain("Next cycle, from Jan 1, 2027$99.00");
  });

  it("chosen with the keyboard, a downgrade previews its date; confirming calls the action with that plan, then closes with a toast", async () => {
    change.mockResolvedValue({ ok: true, url: null });
    const { user, dialog, onOpenChange } = renderDialog();
    await waitFor(() => expect(within(summary()).getByText("$50.00")).toBeTruthy());

    within(dialog).getAllByRole("radio")[0]!.focus();
    await user.keyboard("{ArrowDown}");
    await waitFor(() => expect(summary().textContent).toContain("Takes effectJan 1, 2027"));
    expect(preview).toHaveBeenLastCalledWith({ customerPlanId: "cpl_pro", planId: "starter" });
    expect(summary().textContent).toContain("Due today$0.00");

    await user.click(within(dialog).getByRole("button", { name: "Switch to Starter" }));
    await waitFor(() => expect(change).toHaveBeenCalledWith({ customerPlanId: "cpl_pro", planId: "starter" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(toast.success).toHaveBeenCalledWith("Starter is scheduled");
  });

  it("shows the refusal the server answers and stays open", async () => {
    change.mockResolvedValue({ ok: false, message: "This change needs a card payment, which cannot be taken here yet. Contact us and we will switch your plan." });
    const { user, dialog, onOpenChange } = renderDialog();
    const confirm = within(dialog).getByRole("button", { name: "Switch to Business" });
    await waitFor(() => expect(confirm.hasAttribute("disabled")).toBe(false));
    await user.click(confirm);

    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain("This change needs a card payment");
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
    expect(toast.success).not.toHaveBeenCalled();
  });

  it("a preview the server refuses is shown, and the switch cannot be confirmed", async () => {
    preview.mockResolvedValue({ ok: false, message: "That plan is not one you can switch to from here." });
    const { dialog } = renderDialog();
    await waitFor(() => expect(summary().textContent).toContain("That plan is not one you can switch to from here."));
    expect(within(dialog).getByRole("button", { name: "Switch to Business" }).hasAttribute("disabled")).toBe(true);
    expect(change).not.toHaveBeenCalled();
  });
});

describe("PlanActions: Change plan", () => {
  const base = { planKey: "cpl_pro", planName: "Pro", payable: false, cancelable: true, canceling: false, endsOn: null };
  const handlers = { pay: vi.fn(), cancel: vi.fn(), keep: vi.fn() };

  it("offers Change plan only with options, and opens the dialog from the keyboard", async () => {
    preview.mockImplementation(async ({ planId }: { planId: string }) => ({ ok: true, preview: PREVIEWS[planId] }));
    const without = renderWithProviders(<PlanActions {...base} actions={{ ...handlers, previewChange: preview, change }} />);
    expect(screen.getByRole("button", { name: "Cancel plan" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Change plan" })).toBeNull();
    without.unmount();

    const { user } = renderWithProviders(<PlanActions {...base} changeOptions={OPTIONS} actions={{ ...handlers, previewChange: preview, change }} />);
    screen.getByRole("button", { name: "Change plan" }).focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("dialog", { name: "Change Pro" })).toBeTruthy();
  });
});
