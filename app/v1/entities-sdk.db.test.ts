// The entity routes through the official SDK (autumn-js 1.3.13, failOpen: false, so a wrong
// answer shape is an error here as it would be in an application) and through the SDK's backend
// handler (autumn-js/backend), exactly as the React hooks call it. The route handlers run behind a
// loopback HTTP server; the SDK is given its origin, as the README tells users.
import { describe, expect, it } from "vitest";
import { autumnHandler } from "autumn-js/backend";
import { createTestCustomer } from "@/tests/factories";
import { enableTestPlan } from "@/tests/factories/entitlements";
import { createSeatsCatalog } from "@/tests/factories/entities";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import * as entitiesCreate from "./entities.create/route";
import * as entitiesGet from "./entities.get/route";
import * as entitiesList from "./entities.list/route";
import * as entitiesUpdate from "./entities.update/route";
import * as entitiesDelete from "./entities.delete/route";
import * as customersGet from "./customers.get/route";
import * as customersGetOrCreate from "./customers.get_or_create/route";
import * as check from "./balances.check/route";
import * as track from "./balances.track/route";

const { autumn, url, secretKey } = await setupSdkApi({
  "entities.create": entitiesCreate,
  "entities.get": entitiesGet,
  "entities.list": entitiesList,
  "entities.update": entitiesUpdate,
  "entities.delete": entitiesDelete,
  "customers.get": customersGet,
  "customers.get_or_create": customersGetOrCreate,
  "balances.check": check,
  "balances.track": track,
});

async function customerWithSeats(seats: number, perSeat: number) {
  const customer = await createTestCustomer();
  const catalog = await createSeatsCatalog({ seats, perSeat });
  await enableTestPlan(customer.id, catalog.plan.id);
  return { customerId: customer.externalId!, ...catalog };
}

describe("entities through autumn-js", () => {
  it("creates, gets, lists, updates and deletes entities; the seat limit is Autumn's feature_limit_reached", async () => {
    const { customerId, seats, messages } = await customerWithSeats(2, 30);

    const created = await autumn.entities.create({ customerId, entityId: "seat_1", featureId: seats.id, name: "Alice" });
    expect(created).toMatchObject({ id: "seat_1", name: "Alice", customerId, featureId: seats.id, env: "sandbox", subscriptions: [], purchases: [] });
    expect(created.balances[messages.id]).toMatchObject({ featureId: messages.id, granted: 30, remaining: 30, usage: 0, unlimited: false });
    await autumn.entities.create({ customerId, entityId: "seat_2", featureId: seats.id });

    expect(await sdkError(autumn.entities.create({ customerId, entityId: "seat_3", featureId: seats.id }))).toMatchObject({
      status: 400,
      body: { code: "feature_limit_reached", env: "sandbox" },
    });
    expect(await sdkError(autumn.entities.create({ customerId, entityId: "seat_1", featureId: seats.id }))).toMatchObject({ status: 409, body: { code: "entity_already_exists" } });

    expect(await autumn.entities.get({ customerId, entityId: "seat_1" })).toMatchObject({ id: "seat_1", name: "Alice" });
    expect(await autumn.entities.get({ entityId: "seat_2" })).toMatchObject({ id: "seat_2", name: null, customerId });

    const page = await autumn.entities.list({ customerId, limit: 1 });
    expect(page.list.map((e) => e.id)).toEqual(["seat_1"]);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = await autumn.entities.list({ customerId, limit: 1, startCursor: page.nextCursor! });
    expect(rest).toMatchObject({ list: [{ id: "seat_2" }], nextCursor: null });

    // The SDK's update carries billing controls, which Equinox does not enforce: refused, not ignored.
    expect(await autumn.entities.update({ customerId, entityId: "seat_1" })).toMatchObject({ id: "seat_1", name: "Alice" });
    expect(
      await sdkError(autumn.entities.update({ customerId, entityId: "seat_1", billingControls: { spendLimits: [{ featureId: messages.id, enabled: true, overageLimit: 5 }] } })),
    ).toMatchObject({ status: 501, body: { code: "not_supported" } });

    expect(await autumn.entities.delete({ customerId, entityId: "seat_2" })).toEqual({ success: true });
    expect(await sdkError(autumn.entities.get({ customerId, entityId: "seat_2" }))).toMatchObject({ status: 404, body: { code: "entity_not_found" } });
    // The seat came back.
    expect(await autumn.entities.create({ customerId, entityId: "seat_3", featureId: seats.id })).toMatchObject({ id: "seat_3" });

    const customer = await autumn.customers.get({ customerId, expand: ["entities"] });
    expect(customer.entities?.map((e) => [e.id, e.featureId, e.customerId])).toEqual([
      ["seat_1", seats.id, customerId],
      ["seat_3", seats.id, customerId],
    ]);
    expect(customer.balances[seats.id]).toMatchObject({ granted: 2, usage: 2, remaining: 0 });
    expect((await autumn.customers.get({ customerId })).entities).toBeUndefined();
  });

  it("checks and tracks with entity_id: the entity's own balance of a per-entity feature", async () => {
    const { customerId, seats, messages } = await customerWithSeats(3, 10);
    await autumn.entities.create({ customerId, entityId: "alice", featureId: seats.id });
    await autumn.entities.create({ customerId, entityId: "bob", featureId: seats.id });

    const tracked = await autumn.track({ customerId, featureId: messages.id, entityId: "alice", value: 6 });
    expect(tracked).toMatchObject({ customerId, entityId: "alice", value: 6, balance: { granted: 10, usage: 6, remaining: 4 } });
    expect(await autumn.check({ customerId, featureId: messages.id, entityId: "alice", requiredBalance: 5 })).toMatchObject({
      allowed: false,
      entityId: "alice",
      balance: { remaining: 4 },
    });
    expect(await autumn.check({ customerId, featureId: messages.id, entityId: "bob", requiredBalance: 5, sendEvent: true })).toMatchObject({
      allowed: true,
      balance: { usage: 5, remaining: 5 },
    });
    expect(await autumn.check({ customerId, featureId: messages.id })).toMatchObject({ allowed: true, balance: { granted: 20, usage: 11, remaining: 9 } });
    expect((await autumn.entities.get({ customerId, entityId: "alice" })).balances[messages.id]).toMatchObject({ usage: 6, remaining: 4 });
    expect(await sdkError(autumn.track({ customerId, featureId: messages.id, entityId: "carol" }))).toMatchObject({ status: 404, body: { code: "entity_not_found" } });
  });

  it("serves the React hooks' entity routes through the SDK's backend handler", async () => {
    const { customerId, seats, messages } = await customerWithSeats(1, 7);
    await autumn.entities.create({ customerId, entityId: "ws_main", featureId: seats.id, name: "Main" });
    await autumn.track({ customerId, featureId: messages.id, entityId: "ws_main", value: 2 });

    // useEntity("ws_main") posts { entityId } to the app's /api/autumn/getEntity; the app's handler
    // knows the signed-in customer and calls Equinox with its secret key.
    const handle = (customer: string | undefined, body: unknown, route = "getEntity") =>
      autumnHandler({
        request: { url: `/api/autumn/${route}`, method: "POST", body },
        customerId: customer,
        clientOptions: { secretKey: secretKey(), baseURL: url },
      });
    const found = await handle(customerId, { entityId: "ws_main" });
    expect(found.statusCode).toBe(200);
    expect(found.response).toMatchObject({ id: "ws_main", name: "Main", customerId, featureId: seats.id, balances: { [messages.id]: { granted: 7, usage: 2, remaining: 5 } } });

    const missing = await handle(customerId, { entityId: "nope" });
    expect(missing).toMatchObject({ statusCode: 404, response: { code: "entity_not_found" } });
    // Another customer's entity is not found through this customer's handler.
    const stranger = await createTestCustomer();
    expect(await handle(stranger.externalId!, { entityId: "ws_main" })).toMatchObject({ statusCode: 404, response: { code: "entity_not_found" } });

    // useCustomer({ expand: ["entities"] }) posts to getOrCreateCustomer, which calls customers.get_or_create.
    const withEntities = await handle(customerId, { expand: ["entities"] }, "getOrCreateCustomer");
    expect(withEntities.statusCode).toBe(200);
    expect(withEntities.response).toMatchObject({ id: customerId, entities: [{ id: "ws_main", name: "Main", featureId: seats.id, customerId }] });
    expect((await handle(customerId, {}, "getOrCreateCustomer")).response).not.toHaveProperty("entities");
  });
});
