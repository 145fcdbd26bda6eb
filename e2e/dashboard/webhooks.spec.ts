// Outbound webhooks end to end: an admin registers an endpoint that points at a receiver this
// spec runs (node:http on an ephemeral port), a customer created through the API reaches it
// signed (verified with Standard Webhooks' own library), the delivery shows in the endpoint's
// log, and a resend delivers the same event (same webhook-id) again.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { api, createApiKey } from "../fixtures-api";
import { uniqueEmail } from "./helpers";

type Received = { headers: http.IncomingHttpHeaders; body: string; json: { type: string; data: { customer?: { id: string | null } } } };

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body, json: JSON.parse(body) });
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/equinox-hooks`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("an admin registers an endpoint, a new customer reaches it signed, the log shows the delivery, and resend sends it again", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signInAs(page, "admin", uniqueEmail("webhooks-admin"));
    await page.goto("/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

    await page.getByRole("button", { name: /Add (the first )?endpoint/ }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByLabel("Description").fill("E2E receiver");
    // Only customer.created.
    for (const type of ["customer.claimed", "customer.updated", "customer.plan.enabled", "customer.plan.canceled", "balance.limit_reached"]) {
      await dialog.getByRole("checkbox", { name: new RegExp(type.replaceAll(".", "\\.")) }).click();
    }
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByRole("heading", { name: "Endpoint added" })).toBeVisible();
    const secret = await dialog.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();

    // A customer created through the API: the outbox worker delivers its event within a few ticks.
    const key = await createApiKey("sandbox");
    const customerId = `wh-${uniqueSuffix()}`;
    const created = await api("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: customerId, email: `${customerId}@example.test`, name: "Webhook Ada" } });
    expect(created.status, created.text).toBe(200);
    const mine = () => receiver.received.filter((r) => r.json.data.customer?.id === customerId);
    await expect.poll(() => mine().length, { timeout: 20_000 }).toBe(1);
    const [request] = mine();
    const event = new Webhook(secret).verify(request!.body, {
      "webhook-id": String(request!.headers["webhook-id"]),
      "webhook-timestamp": String(request!.headers["webhook-timestamp"]),
      "webhook-signature": String(request!.headers["webhook-signature"]),
    });
    expect(event).toMatchObject({ type: "customer.created", data: { customer: { id: customerId, name: "Webhook Ada" } } });
    const eventId = String(request!.headers["webhook-id"]);

    // The delivery log.
    await page.reload();
    const log = page.getByRole("table", { name: "Deliveries" });
    const row = log.getByRole("row").filter({ hasText: eventId });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("customer.created");
    await expect(row).toContainText("Delivered");
    await expect(row).toContainText("200");

    // Resend: the same event again, as a new delivery.
    await row.getByRole("button", { name: /View delivery/ }).click();
    const details = page.getByRole("dialog");
    await expect(details.getByText("thanks")).toBeVisible();
    await details.getByRole("button", { name: "Resend" }).click();
    await expect(page.getByText("Resent and delivered")).toBeVisible();
    expect(mine()).toHaveLength(2);
    expect(mine()[1]!.headers["webhook-id"]).toBe(eventId);
    await expect(log.getByRole("row").filter({ hasText: eventId })).toHaveCount(2);
    await expect(log.getByRole("row").filter({ hasText: `${eventId} · resend` })).toContainText("Delivered");

    // Clean up: other specs' sandbox customers must not keep going to this receiver.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
  } finally {
    await receiver.close();
  }
});
