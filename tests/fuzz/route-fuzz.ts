// Property-based fuzzing of /v1 route handlers, in process (no HTTP: thousands of cases in
// seconds). For each generated request: the answer is a success or a contract error (never a
// 500, a 503 or a hang), an error changed nothing, nothing polluted Object.prototype, and at the
// end the guarded records (other environment, unnamed customers) are exactly as they were.
// The *.fuzz.test.ts files beside this one each fuzz a share of the routes (two files, so that
// the two test workers share the work), and together every route app/v1 has.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { pool } from "@/lib/db";
import { rawEnv } from "@/lib/env";
import { requestArbitrary, fieldsFor, type FuzzRequest } from "./arbitraries";
import { contractViolation } from "./contract-answers";
import { FINGERPRINT_SQL, unexpectedChange, type Fingerprint } from "./fingerprint";
import { createFuzzWorld, type InProcessWorld } from "./fuzz-world";
import { codeOf, FuzzTally } from "./fuzz-report";
import { v1Routes, type V1Route } from "./v1-route-catalog";

/** Cases per route method (FUZZ_RUNS overrides, e.g. FUZZ_RUNS=2000 for a long local run). */
const RUNS_PER_METHOD = Number(rawEnv("FUZZ_RUNS") ?? 150);
const HANG_AFTER_MS = 15_000;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The routes with "customers" in their path go to one file, the rest to the other. */
export const isCustomersRoute = (route: V1Route) => route.template.includes("/customers");

let tally: FuzzTally;
let world: InProcessWorld;
const prototypeKeys = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(",")).join("|");
const cleanPrototypes = prototypeKeys();

function toRequest(input: FuzzRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(input.headers)) headers.set(name, value);
  if (input.auth === "valid") headers.set("authorization", `Bearer ${world.secret}`);
  if (input.auth === "revoked") headers.set("authorization", `Bearer ${world.revokedSecret}`);
  if (input.auth === "garbage" && input.authHeader !== undefined) headers.set("authorization", input.authHeader);
  return new Request(`http://fuzz.test${input.path}${input.query ? `?${input.query}` : ""}`, {
    method: input.method,
    headers,
    body: input.body as BodyInit | undefined,
  });
}

/** Everything an answer could have changed among the records the fuzz names (and those its key created). */
async function fingerprint(): Promise<Fingerprint> {
  const { rows } = await pool().query(FINGERPRINT_SQL, [world.namedCustomerIds, world.keyId]);
  return rows[0] as Fingerprint;
}

async function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_AFTER_MS} ms: ${what}`)), HANG_AFTER_MS);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const describeCase = (input: FuzzRequest) => {
  const body = typeof input.body === "string" ? input.body : input.body ? `<${input.body.byteLength} bytes>` : "";
  return `${input.method} ${input.path}?${input.query} auth=${input.auth} headers=${JSON.stringify(input.headers)} body=${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body}`;
};

async function runCase(route: V1Route, handlers: Record<string, Handler>, input: FuzzRequest) {
  const before = await fingerprint();
  const handler = handlers[input.method]!;
  const response = await withDeadline(handler(toRequest(input), { params: Promise.resolve(input.params) }), describeCase(input));
  const text = await withDeadline(response.text(), `reading the answer to ${describeCase(input)}`);
  tally.count(`${input.method} ${route.template}`, response.status, codeOf(text));

  const violation = contractViolation({ status: response.status, contentType: response.headers.get("content-type"), text });
  if (violation) throw new Error(`${violation}\n  request: ${describeCase(input)}`);
  if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  if (response.status >= 400) {
    const change = unexpectedChange(before, await fingerprint(), codeOf(text));
    if (change) throw new Error(`an error answer (${response.status} ${codeOf(text)}) changed data: ${change}\n  request: ${describeCase(input)}`);
  }
  if (prototypeKeys() !== cleanPrototypes || ({} as Record<string, unknown>).polluted !== undefined) {
    throw new Error(`a built-in prototype was changed by: ${describeCase(input)}`);
  }
}

/** Registers the fuzz tests of the routes `share` selects (the caller's file sets the quota env first). */
export function fuzzRoutes(name: string, share: (route: V1Route) => boolean) {
  const routes = v1Routes().filter((route) => !route.public && share(route));
  let guardedBefore: string;

  beforeAll(async () => {
    tally = new FuzzTally(name);
    world = await createFuzzWorld();
    guardedBefore = await world.guardedSnapshot();
  }, 60_000);

  afterAll(() => tally.save({ runsPerMethod: RUNS_PER_METHOD, routes: routes.map((r) => r.template) }));

  describe(`fuzzed /v1 requests, in process (${name})`, () => {
    it("found routes to fuzz", () => {
      expect(routes.length).toBeGreaterThan(3);
    });

    for (const route of routes) {
      it(`${route.methods.join("/")} ${route.template}: every answer keeps the contract`, async () => {
        await world.restore();
        const handlers = (await import(route.file)) as Record<string, Handler>;
        await fc.assert(
          fc.asyncProperty(requestArbitrary(world, route, fieldsFor(route.template)), (input) => runCase(route, handlers, input)),
          // FUZZ_SEED replays a failure: fast-check prints the seed with the counterexample.
          { numRuns: RUNS_PER_METHOD * route.methods.length, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
        );
      }, 600_000);
    }

    it("left the guarded records (other environment, customers nobody named) exactly as they were", async () => {
      expect(await world.guardedSnapshot()).toBe(guardedBefore);
    });
  });
}
