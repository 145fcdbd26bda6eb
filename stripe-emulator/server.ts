import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { handleApi } from "./api";
import type { RenewalResult } from "./billing";
import {
  handleControl,
  runClockAdvance,
  runInvoicePayment,
  runRenewal,
  type ClockAdvance,
  type ClockResult,
} from "./control";
import { EmulatorCore } from "./core";
import { apiError, unrecognizedUrl } from "./errors";
import type { FailureSpec } from "./failure-injection";
import { handleHosted } from "./hosted";
import { sendJson } from "./http-util";
import { toJson } from "./json";
import type { WebhookConfig, WebhookRetryOptions } from "./webhooks";

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback is allowed: the emulator is never reachable from the network. */
  host?: "127.0.0.1";
  /** Base URL used in hosted-page links (checkout `url`, portal `url`). Defaults to the listening URL. */
  publicUrl?: string;
  webhooks?: WebhookConfig;
  webhookRetry?: WebhookRetryOptions;
  log?: (line: string) => void;
}

export interface StripeEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  failNext(spec: FailureSpec): void;
  reset(): void;
  setWebhooks(config: WebhookConfig): void;
  /** Resolves when every queued webhook delivery (retries included) has finished. */
  flushWebhooks(): Promise<void>;
  /** Ends the current period with a failed renewal payment (`invoice.payment_failed`, status past_due). */
  failSubscriptionPayment(subscriptionId: string): RenewalResult;
  /** Ends the current period with a paid renewal (or ends a subscription set to cancel at period end). */
  renewSubscription(subscriptionId: string): RenewalResult;
  /**
   * Moves the emulator clock forward by `seconds` (or to `{ to }`), running
   * what falls due on the way: drafts finalize after 1 h, renewals at period
   * end, trials end, send_invoice subscriptions fall past due.
   */
  advanceClock(by: number | ClockAdvance): ClockResult;
  /** The emulator's current Unix time (real time plus every advance). */
  now(): number;
  /** Pays an open invoice with the test card, as its hosted page's Pay button does. */
  payInvoice(invoiceId: string): object;
  /** Same JSON as `GET /_emulator/state`. */
  state(): object;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1") throw new Error("The Stripe emulator only binds to 127.0.0.1");
  const log = options.log ?? (() => undefined);
  const core = new EmulatorCore(log, options.webhookRetry);
  if (options.webhooks !== undefined) core.webhooks.configure(options.webhooks);

  // Requests answered by a "timeout" failure: held open until close().
  const held = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    let status = 0;
    let label = "";

    if (path.startsWith("/_emulator/")) {
      status = await handleControl(core, req, res, url);
    } else {
      // Injected failures strike before anything is parsed or executed, so the
      // failed request has no effect and a retry with its idempotency key runs fresh.
      const failure = core.injector.take(method, path);
      if (failure === "refuse") {
        log(`${method} ${path} -> refused (injected)`);
        req.socket.destroy();
        return;
      }
      if (failure === "timeout") {
        log(`${method} ${path} -> held open (injected timeout)`);
        held.add(res);
        res.on("close", () => held.delete(res));
        return;
      }
      if (failure === "500") {
        const error = apiError("An unknown error occurred (injected by the Stripe emulator).");
        sendJson(res, 500, error.toBody(), { "Stripe-Should-Retry": "true" });
        status = 500;
        label = " (injected)";
      } else if (path.startsWith("/v1/")) {
        const result = await handleApi(core, req, res, url);
        status = result.status;
        label = result.mode === null ? "" : ` [${result.mode}]`;
      } else if (path.startsWith("/checkout/") || path.startsWith("/billing_portal/") || path.startsWith("/invoice/")) {
        status = await handleHosted(core, req, res, url);
      } else if (method === "GET" && (path === "/" || path === "/healthz")) {
        sendJson(res, 200, { ok: true, emulator: "stripe", url: core.publicUrl });
        status = 200;
      } else {
        const error = unrecognizedUrl(method, path);
        sendJson(res, error.status, error.toBody());
        status = error.status;
      }
    }
    log(`${method} ${path} ${status} ${Date.now() - started}ms${label}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`unhandled error: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, apiError().toBody());
      else res.destroy();
    });
  });
  // Keep-alive sockets from stripe-node must not keep close() waiting.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  core.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        core.webhooks.close();
        for (const res of held) res.destroy();
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    failNext(spec) {
      core.injector.add(spec);
    },
    reset() {
      core.reset();
    },
    setWebhooks(config) {
      core.webhooks.configure(config);
    },
    flushWebhooks() {
      return core.webhooks.flush();
    },
    failSubscriptionPayment(subscriptionId) {
      return toJson(runRenewal(core, subscriptionId, "failed"));
    },
    renewSubscription(subscriptionId) {
      return toJson(runRenewal(core, subscriptionId, "paid"));
    },
    advanceClock(by) {
      return runClockAdvance(core, typeof by === "number" ? { seconds: by } : by);
    },
    now() {
      return core.clock.now();
    },
    payInvoice(invoiceId) {
      return runInvoicePayment(core, invoiceId);
    },
    state() {
      return toJson(core.dump());
    },
  };
}
