import type { IncomingMessage, ServerResponse } from "node:http";

import { renewSubscription, type RenewalResult } from "./billing";
import type { EmulatorCore } from "./core";
import { StripeApiError, invalidRequest, resourceMissing, unrecognizedUrl } from "./errors";
import { failureSpecFromJson } from "./failure-injection";
import { readBody, sendJson } from "./http-util";
import { payWithTestCard } from "./invoicing";
import { isRecord, toJson } from "./json";
import { MODES } from "./mode";
import { parseForm } from "./params";
import type { WebhookConfig, WebhookEndpointConfig } from "./webhooks";

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return parseForm(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest("Body must be JSON.");
  }
}

function endpoints(value: unknown, param: string): WebhookEndpointConfig[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidRequest("Expected an array of { url, secret }.", param);
  return value.map((entry, index) => {
    if (!isRecord(entry) || typeof entry.url !== "string" || typeof entry.secret !== "string") {
      throw invalidRequest("Expected { url, secret }.", `${param}[${index}]`);
    }
    return { url: entry.url, secret: entry.secret };
  });
}

/** Outcome of a simulated end of billing period, shared with the in-process API. */
export function runRenewal(core: EmulatorCore, id: string, outcome: "paid" | "failed"): RenewalResult {
  const found = core.findSubscription(id);
  if (found === undefined) throw resourceMissing("subscription", id);
  core.advanceClock();
  return renewSubscription(found.state, core.automaticEmitter(found.state), found.subscription, outcome);
}

export interface ClockAdvance {
  /** Seconds to move forward (non-negative). */
  seconds?: number;
  /** Or an absolute Unix timestamp to move to (never backwards). */
  to?: number;
}

export interface ClockResult {
  now: number;
  offset_seconds: number;
  /** How many due actions (finalizations, renewals, …) ran. */
  ran: number;
}

/** Moves the emulator clock, running everything that falls due on the way. */
export function runClockAdvance(core: EmulatorCore, advance: ClockAdvance): ClockResult {
  const { seconds, to } = advance;
  if (seconds !== undefined && to !== undefined) throw invalidRequest("Pass either `seconds` or `to`, not both.");
  if (seconds !== undefined && (!Number.isFinite(seconds) || seconds < 0)) {
    throw invalidRequest("`seconds` must be a non-negative number.", "seconds");
  }
  if (to !== undefined && !Number.isFinite(to)) throw invalidRequest("`to` must be a Unix timestamp.", "to");
  const now = core.clock.now();
  const target = to ?? now + Math.floor(seconds ?? 0);
  const ran = core.advanceClock(target);
  return { now: core.clock.now(), offset_seconds: core.clock.offsetSeconds, ran };
}

/** Pays an open invoice as its hosted page's "Pay invoice" button does. */
export function runInvoicePayment(core: EmulatorCore, id: string): object {
  core.advanceClock();
  const state = MODES.map((mode) => core.states[mode]).find((candidate) => candidate.invoices.has(id));
  const invoice = state?.invoices.get(id);
  if (state === undefined || invoice === undefined) throw resourceMissing("invoice", id);
  payWithTestCard(state, core.automaticEmitter(state), invoice);
  return toJson(invoice);
}

function numberField(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw invalidRequest(`\`${key}\` must be a number.`, key);
  return n;
}

/**
 * Test controls under `/_emulator/`. They are never subject to failure
 * injection (a test must always be able to reset) and need no API key.
 */
export async function handleControl(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<number> {
  const method = req.method ?? "GET";
  const path = url.pathname.replace(/\/$/, "");
  try {
    if (method === "GET" && path === "/_emulator/state") {
      sendJson(res, 200, core.dump());
      return 200;
    }
    if (method === "POST" && path === "/_emulator/reset") {
      core.reset();
      sendJson(res, 200, { ok: true });
      return 200;
    }
    if (method === "POST" && path === "/_emulator/fail") {
      const spec = failureSpecFromJson(await jsonBody(req));
      core.injector.add(spec);
      sendJson(res, 200, { ok: true, failures: core.injector.describe() });
      return 200;
    }
    if (method === "POST" && path === "/_emulator/webhooks") {
      const body = await jsonBody(req);
      if (!isRecord(body)) throw invalidRequest("Expected { test?: [...], live?: [...] }.");
      const config: WebhookConfig = {};
      const test = endpoints(body.test, "test");
      const live = endpoints(body.live, "live");
      if (test !== undefined) config.test = test;
      if (live !== undefined) config.live = live;
      try {
        core.webhooks.configure(config);
      } catch (err) {
        throw invalidRequest(err instanceof Error ? err.message : String(err));
      }
      sendJson(res, 200, { ok: true });
      return 200;
    }
    if (method === "POST" && path === "/_emulator/webhooks/flush") {
      await core.webhooks.flush();
      sendJson(res, 200, { ok: true });
      return 200;
    }
    if (method === "GET" && path === "/_emulator/clock") {
      sendJson(res, 200, { now: core.clock.now(), offset_seconds: core.clock.offsetSeconds });
      return 200;
    }
    if (method === "POST" && path === "/_emulator/clock/advance") {
      const body = await jsonBody(req);
      if (!isRecord(body)) throw invalidRequest("Expected { seconds } or { to }.");
      const seconds = numberField(body, "seconds");
      const to = numberField(body, "to");
      sendJson(res, 200, runClockAdvance(core, { ...(seconds === undefined ? {} : { seconds }), ...(to === undefined ? {} : { to }) }));
      return 200;
    }
    const invoiceAction = /^\/_emulator\/invoices\/([^/]+)\/pay$/.exec(path);
    if (method === "POST" && invoiceAction !== null) {
      sendJson(res, 200, runInvoicePayment(core, decodeURIComponent(invoiceAction[1] ?? "")));
      return 200;
    }
    const subscriptionAction = /^\/_emulator\/subscriptions\/([^/]+)\/(fail_payment|renew)$/.exec(path);
    if (method === "POST" && subscriptionAction !== null) {
      const [, rawId = "", action] = subscriptionAction;
      const result = runRenewal(core, decodeURIComponent(rawId), action === "fail_payment" ? "failed" : "paid");
      sendJson(res, 200, result);
      return 200;
    }
    throw unrecognizedUrl(method, path);
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    sendJson(res, err.status, err.toBody());
    return err.status;
  }
}
