import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";

const actions = vi.hoisted(() => ({ changeOwnerAction: vi.fn(), createInvitationAction: vi.fn(), revokeInvitationAction: vi.fn() }));
const refresh = vi.hoisted(() => vi.fn());
vi.mock("@/lib/customers/follow-up-actions", () => actions);
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh, replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));

const { FollowUpCard } = await import("./follow-up-card");

const ada = { id: "usr_ada", label: "Ada", email: "ada@equinox.test" };
const sam = { id: "usr_sam", label: "Sam", email: "sam@equinox.test" };
const customer = { internalId: "cus_01", pending: true, email: "cfo@globex.test", name: "Globex" };
const openInvitation = {
  id: "inv_1",
  customerId: "cus_01",
  sentTo: "cfo@globex.test",
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  createdBy: "ada@equinox.test",
  status: "open" as const,
  usedAt: null,
  revokedAt: null,
};

describe("FollowUpCard", () => {
  beforeEach(() => {
    for (const action of Object.values(actions)) action.mockReset();
    refresh.mockReset();
  });

  it("changes the owner from the select and refreshes the page", async () => {
    actions.changeOwnerAction.mockResolvedValue({ ok: true, data: { ownerId: sam.id } });
    const { user } = renderWithProviders(<FollowUpCard customer={customer} owner={ada} ownerOptions={[ada, sam]} invitations={[]} canWrite />);
    const select = screen.getByLabelText("Owner") as HTMLSelectElement;
    expect(select.value).toBe(ada.id);
    await user.selectOptions(select, sam.id);
    expect(actions.changeOwnerAction).toHaveBeenCalledWith({ customer_id: "cus_01", owner_id: sam.id });
    await waitFor(() => expect(refresh).toHaveBeenCalled());
  });

  it("sends an invitation to the address on record and shows the link once, to copy", async () => {
    actions.createInvitationAction.mockResolvedValue({ ok: true, data: { url: "http://app.test/portal/invite/tok", invitation: { ...openInvitation } } });
    const { user } = renderWithProviders(<FollowUpCard customer={customer} owner={ada} ownerOptions={[ada]} invitations={[]} canWrite />);
    expect(screen.getByText(/No invitation yet/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Invite…" }));
    const dialog = screen.getByRole("dialog", { name: "Invite to claim" });
    expect((within(dialog).getByLabelText(/Email the link to/) as HTMLInputElement).value).toBe("cfo@globex.test");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(actions.createInvitationAction).toHaveBeenCalledWith({ customer_id: "cus_01", send_to: "cfo@globex.test" });
    expect(((await within(dialog).findByLabelText("Invitation link")) as HTMLInputElement).value).toBe("http://app.test/portal/invite/tok");
  });

  it("creates a link to copy without emailing it, even with an address typed", async () => {
    actions.createInvitationAction.mockResolvedValue({ ok: true, data: { url: "http://app.test/portal/invite/t2", invitation: { ...openInvitation, sentTo: null } } });
    const { user } = renderWithProviders(<FollowUpCard customer={customer} owner={null} ownerOptions={[ada]} invitations={[]} canWrite />);
    await user.click(screen.getByRole("button", { name: "Invite…" }));
    await user.click(screen.getByRole("button", { name: "Create link to copy" }));
    expect(actions.createInvitationAction).toHaveBeenCalledWith({ customer_id: "cus_01" });
    expect(await screen.findByText("Copy the link and send it yourself:")).toBeTruthy();
  });

  it("lists invitations with their status and revokes an open one after confirming", async () => {
    actions.revokeInvitationAction.mockResolvedValue({ ok: true, data: { ...openInvitation, status: "revoked" } });
    const used = { ...openInvitation, id: "inv_0", sentTo: null, status: "used" as const };
    const { user } = renderWithProviders(<FollowUpCard customer={customer} owner={ada} ownerOptions={[ada]} invitations={[openInvitation, used]} canWrite />);
    const items = within(screen.getByRole("list", { name: "Invitations" })).getAllByRole("listitem");
    expect(items.map((item) => item.getAttribute("aria-label"))).toEqual(["Invitation to cfo@globex.test", "Invitation link"]);
    expect(within(items[1]!).getByText("Accepted")).toBeTruthy();
    expect(within(items[1]!).queryByRole("button", { name: "Revoke" })).toBeNull();
    await user.click(within(items[0]!).getByRole("button", { name: "Revoke" }));
    await user.click(await screen.findByRole("button", { name: "Revoke invitation" }));
    expect(actions.revokeInvitationAction).toHaveBeenCalledWith({ customer_id: "cus_01", invitation_id: "inv_1" });
  });

  it("a read-only role sees the owner and invitations but changes nothing", () => {
    renderWithProviders(<FollowUpCard customer={customer} owner={ada} ownerOptions={[ada]} invitations={[openInvitation]} canWrite={false} />);
    expect((screen.getByLabelText("Owner") as HTMLSelectElement).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Invite…" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Revoke" })).toBeNull();
  });
});
