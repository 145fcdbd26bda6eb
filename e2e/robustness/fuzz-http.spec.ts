// The smaller HTTP run of the /v1 fuzzing (the in-process run is tests/fuzz/v1-routes.fuzz.test.ts):
// the same generated requests, sent over real HTTP to the production server, so that what sits in
// front of the route handlers (Next.js's own parsing of paths, headers and bodies) is covered too.
// Every answer is a success or a contract error, never a 500 or a hang; an error changes nothing;
// the guarded live twin of a fuzzed customer is untouched.
import fc from "fast-check";
import { expect, sql, test, uniqueSuffix } from "../fixtures";
import { api, createApiKey, revokeApiKey } from "../fixtures-api";
import { createFeature, createPlan } from "../api-entitlements/catalog";
import { fieldsFor, requestArbitrary, type FuzzRequest, type FuzzWorld } from "../../tests/fuzz/arbitraries";
import { contractViolation } from "../../tests/fuzz/contract-answers";
import { FINGERPRINT_SQL, unexpectedChange, type Fingerprint } from "../../tests/fuzz/fingerprint";
import { codeOf, FuzzTally } from "../../tests/fuzz/fuzz-report";
import { v1Routes } from "../../tests/fuzz/v1-route-catalog";

const RUNS_PER_METHOD = 20;
const HANG_AFTER_MS = 15_000;

test("fuzzed /v1 requests over HTTP: every answer keeps the contract", async () => {
  test.setTimeout(300_000);
  const tag = `fzh_${uniqueSuffix()}`;
  const key = await createApiKey("sandbox");
  const revoked = await createApiKey("sandbox");
  await revokeApiKey(revoked);
  const eventName = `${tag}_event`;
  const metered = await createFeature("sandbox", "single_use", [eventName]);
  const flag = await createFeature("sandbox", "boolean");
  const free = await createPlan("sandbox", { items: [{ featureId: metered, included: 1_000_000, resetInterval: "month" }, { featureId: flag }] });
  const paid = await createPlan("sandbox", { price: { amount: 1_500, interval: "month" }, items: [{ featureId: metered, included: 10 }] });
  const customerIds = [0, 1, 2].map((n) => `${tag}_p${n}`);
  const deletable = [0, 1].map((n) => `${tag}_d${n}`);
  for (const id of [...customerIds, ...deletable]) expect((await api("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id } })).status).toBe(200);
  for (const id of customerIds.slice(0, 2)) expect((await api("/v1/attach", { secret: key.secret, body: { customer_id: id, plan_id: free } })).status).toBe(200);

  // The live twin of a fuzzed customer: same id, other environment. Nothing here may touch it.
  const liveKey = await createApiKey("live");
  expect((await api("/v1/customers.get_or_create", { secret: liveKey.secret, body: { customer_id: customerIds[0], name: "Live twin" } })).status).toBe(200);
  const liveTwin = async () => JSON.stringify(await sql(`select external_id, name, email, metadata, updated_at from customers where env = 'live' and external_id = $1`, [customerIds[0]]));
  const liveBefore = await liveTwin();

  const world: FuzzWorld = {
    customerIds,
    deletableCustomerIds: deletable,
    otherEnvCustomerIds: [`${tag}_live_only`],
    featureIds: [metered, flag],
    eventNames: [eventName],
    planIds: [free, paid],
    emails: [`${tag}@example.test`, `${tag.toUpperCase()}@EXAMPLE.test`],
  };
  const fingerprint = async () => (await sql(FINGERPRINT_SQL, [[...customerIds, ...deletable], key.id]))[0] as Fingerprint;

  const tally = new FuzzTally("v1-http");
  const send = async (input: FuzzRequest) => {
    const headers: Record<string, string> = { ...input.headers };
    if (input.auth === "valid") headers.authorization = `Bearer ${key.secret}`;
    if (input.auth === "revoked") headers.authorization = `Bearer ${revoked.secret}`;
    if (input.auth === "garbage" && input.authHeader !== undefined) headers.authorization = input.authHeader;
    // On the wire a header value cannot carry control characters (fetch refuses to send them).
    for (const name of Object.keys(headers)) headers[name] = headers[name]!.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "");
    const url = `${process.env.E2E_BASE_URL}${input.path}${input.query ? `?${input.query}` : ""}`;
    const response = await fetch(url, { method: input.method, headers, body: input.body as BodyInit | undefined, signal: AbortSignal.timeout(HANG_AFTER_MS), redirect: "manual" });
    return { status: response.status, contentType: response.headers.get("content-type"), retryAfter: response.headers.get("retry-after"), text: await response.text() };
  };

  for (const route of v1Routes().filter((r) => !r.public)) {
    await fc.assert(
      fc.asyncProperty(requestArbitrary(world, route, fieldsFor(route.template)), async (input) => {
        // A "." or ".." path segment is resolved by the URL parser before anything is sent: not a request to fuzz.
        fc.pre(!Object.values(input.params).some((p) => p === "." || p === ".."));
        const before = await fingerprint();
        const answer = await send(input);
        tally.count(`${input.method} ${route.template}`, answer.status, codeOf(answer.text));
        const what = `${input.method} ${input.path}?${input.query} (${typeof input.body === "string" ? input.body.slice(0, 200) : "binary body"})`;
        const violation = contractViolation(answer);
        if (violation) throw new Error(`${violation}\n  request: ${what}`);
        if (answer.status === 429) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        if (answer.status >= 400) {
          const change = unexpectedChange(before, await fingerprint(), codeOf(answer.text));
          if (change) throw new Error(`an error answer changed data: ${change}\n  request: ${what}`);
        }
      }),
      { numRuns: RUNS_PER_METHOD * route.methods.length, endOnFailure: true },
    );
  }
  tally.save({ runsPerMethod: RUNS_PER_METHOD });
  test.info().annotations.push({ type: "fuzz cases", description: String(tally.cases) });
  expect(await liveTwin()).toBe(liveBefore);
  expect(tally.cases).toBeGreaterThan(300);
});
