// The setup every /v1 SDK test file shares: its route handlers served on a loopback port
// (in-process-api.ts), the file's Stripe emulator delivering webhooks to the app's route if asked
// (billing.ts deliverWebhooksTo), and autumn-js clients on them with an API key of the file's
// database, as an application would use the SDK against a deployed Equinox.
import { afterAll, beforeAll, expect } from "vitest";
import { Autumn, AutumnError } from "autumn-js";
import type { Env } from "@/lib/generated/prisma";
import { deliverWebhooksTo } from "./billing";
import { serveApiRoutes } from "./in-process-api";
import { createTestApiKey } from "./index";

type RouteModules = Parameters<typeof serveApiRoutes>[0];
type RouteHandler = (request: Request) => Promise<Response>;

export interface SdkApi {
  /** The loopback origin the routes answer on (the SDK's serverURL). */
  url: string;
  /** The environment's API key; it exists once the file's beforeAll hooks have run. */
  secretKey(env?: Env): string;
  /** autumn-js on the sandbox key (failOpen: false, so an answer of the wrong shape fails). */
  autumn: Autumn;
  /** autumn-js on the live key; only with `live: true`. */
  liveAutumn: Autumn;
}

/**
 * Serves `routes` for this test file (top-level await) and closes them after its last test.
 * `webhooks`: the handler the emulator's webhooks (both modes) are delivered to. The API keys are
 * made in a beforeAll hook, so after runOnOwnDatabase's when the file calls that first.
 */
export async function setupSdkApi(routes: RouteModules, options: { webhooks?: RouteHandler; live?: boolean } = {}): Promise<SdkApi> {
  const server = await serveApiRoutes(routes);
  const forwarder = options.webhooks ? await deliverWebhooksTo(options.webhooks) : undefined;
  const keys = new Map<Env, string>();
  beforeAll(async () => {
    keys.set("sandbox", (await createTestApiKey()).secret);
    if (options.live) keys.set("live", (await createTestApiKey("live")).secret);
  });
  afterAll(async () => {
    await forwarder?.close();
    await server.close();
  });
  const secretKey = (env: Env = "sandbox") => {
    const key = keys.get(env);
    if (key === undefined) throw new Error(`setupSdkApi: no ${env} API key (${env === "live" ? "pass live: true, " : ""}use it from a test or hook)`);
    return key;
  };
  const client = (env: Env) => new Autumn({ secretKey: async () => secretKey(env), serverURL: server.url, failOpen: false });
  return { url: server.url, secretKey, autumn: client("sandbox"), liveAutumn: client("live") };
}

/** What an SDK call was refused with: the HTTP status and the JSON body (fails the test unless it threw AutumnError). */
export async function sdkError(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AutumnError);
  return { status: (error as AutumnError).statusCode, body: JSON.parse((error as AutumnError).body) as Record<string, unknown> };
}
