import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";

const createWebhookEndpointAction = vi.hoisted(() => vi.fn());
const updateWebhookEndpointAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/webhooks-out/actions", () => ({ createWebhookEndpointAction, updateWebhookEndpointAction }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));

const { EndpointDialog } = await import("./endpoint-dialog");

function renderDialog(props: Partial<React.ComponentProps<typeof EndpointDialog>> = {}) {
  const onOpenChange = vi.fn();
  const onSaved = vi.fn();
  const rendered = renderWithProviders(<EndpointDialog env="sandbox" open onOpenChange={onOpenChange} onSaved={onSaved} {...props} />);
  return { ...rendered, onOpenChange, onSaved };
}

const ALL = ["customer.created", "customer.claimed", "customer.updated", "customer.plan.enabled", "customer.plan.canceled", "balance.limit_reached"];

describe("EndpointDialog", () => {
  beforeEach(() => {
    createWebhookEndpointAction.mockReset();
    updateWebhookEndpointAction.mockReset();
  });

  it("refuses a URL that is not http(s) on the field, and submits nothing", async () => {
    const { user } = renderDialog();
    expect(screen.getByRole("dialog", { name: "Add endpoint" })).toBeTruthy();
    await user.type(screen.getByLabelText(/^Endpoint URL/), "ftp://example.com/hooks");
    await user.click(screen.getByRole("button", { name: "Add endpoint" }));
    const url = screen.getByLabelText(/^Endpoint URL/);
    await waitFor(() => expect(url.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Enter an http:// or https:// URL")).toBeTruthy();
    expect(createWebhookEndpointAction).not.toHaveBeenCalled();
  });

  it("asks for at least one event", async () => {
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Endpoint URL/), "https://example.com/hooks");
    for (const type of ALL) await user.click(screen.getByRole("checkbox", { name: new RegExp(type.replaceAll(".", "\\.")) }));
    await user.click(screen.getByRole("button", { name: "Add endpoint" }));
    expect(await screen.findByText("Choose at least one event")).toBeTruthy();
    expect(createWebhookEndpointAction).not.toHaveBeenCalled();
  });

  it("submits the URL, description and chosen events, then shows the signing secret", async () => {
    createWebhookEndpointAction.mockResolvedValue({ ok: true, data: { id: "wep_1", secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" } });
    const { user, onSaved } = renderDialog();
    await user.type(screen.getByLabelText(/^Endpoint URL/), "https://example.com/hooks");
    await user.type(screen.getByLabelText(/^Description/), "CRM sync");
    await user.click(screen.getByRole("checkbox", { name: /balance\.limit_reached/ }));
    await user.click(screen.getByRole("button", { name: "Add endpoint" }));

    await waitFor(() => expect(createWebhookEndpointAction).toHaveBeenCalledTimes(1));
    expect(createWebhookEndpointAction).toHaveBeenCalledWith({
      url: "https://example.com/hooks",
      description: "CRM sync",
      eventTypes: ALL.filter((type) => type !== "balance.limit_reached"),
      enabled: true,
    });
    expect(await screen.findByDisplayValue("whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")).toBeTruthy();
    expect(onSaved).toHaveBeenCalledWith("wep_1");
  });

  it("edits an endpoint: starts from its values, can disable it, shows the domain's refusal on the field", async () => {
    updateWebhookEndpointAction.mockResolvedValueOnce({ ok: false, error: { code: "invalid_inputs", message: "url: Enter an http:// or https:// URL", field: "url" } });
    updateWebhookEndpointAction.mockResolvedValueOnce({ ok: true, data: {} });
    const endpoint = { id: "wep_2", url: "https://old.example.com/h", description: "Old", eventTypes: ["customer.created"], enabled: true };
    const { user, onOpenChange } = renderDialog({ endpoint });
    expect((screen.getByLabelText(/^Endpoint URL/) as HTMLInputElement).value).toBe("https://old.example.com/h");
    expect(screen.getByRole("checkbox", { name: /customer\.created/ }).getAttribute("aria-checked")).toBe("true");
    expect(screen.getByRole("checkbox", { name: /customer\.updated/ }).getAttribute("aria-checked")).toBe("false");
    await user.click(screen.getByRole("switch", { name: /Enabled/ }));
    await user.click(screen.getByRole("button", { name: "Save endpoint" }));

    await waitFor(() => expect(updateWebhookEndpointAction).toHaveBeenCalledTimes(1));
    expect(updateWebhookEndpointAction).toHaveBeenCalledWith({ id: "wep_2", url: "https://old.example.com/h", description: "Old", eventTypes: ["customer.created"], enabled: false });
    await waitFor(() => expect(screen.getByLabelText(/^Endpoint URL/).getAttribute("aria-invalid")).toBe("true"));
    await user.click(screen.getByRole("button", { name: "Save endpoint" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
  });
});
