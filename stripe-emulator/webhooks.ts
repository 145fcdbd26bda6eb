import { createHmac } from "node:crypto";

import type Stripe from "stripe";

import type { Mode } from "./mode";

export interface WebhookEndpointConfig {
  url: string;
  secret: string;
}

export interface WebhookConfig {
  test?: WebhookEndpointConfig[];
  live?: WebhookEndpointConfig[];
}

export interface WebhookRetryOptions {
  /** Total attempts per event and endpoint, first delivery included. Default 4. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles on each further retry. Default 500 ms. */
  initialDelayMs?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  mode: Mode;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: string;
}

/**
 * Stripe's scheme, byte for byte: HMAC-SHA256 over `${t}.${payload}` keyed with
 * the endpoint secret exactly as configured (including its `whsec_` prefix).
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

/** The emulator must never generate traffic beyond this machine. */
export function assertLoopbackUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Webhook URL is not a valid URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Webhook URL must be http(s): ${raw}`);
  }
  const host = url.hostname.toLowerCase();
  if (!LOOPBACK_HOSTS.has(host) && !/^127(\.\d{1,3}){3}$/.test(host)) {
    throw new Error(`Webhook URL must point to a loopback address (127.0.0.0/8, localhost, ::1): ${raw}`);
  }
}

interface Endpoint extends WebhookEndpointConfig {
  mode: Mode;
  queue: Delivery[];
  draining: boolean;
}

interface Delivery {
  endpoint: Endpoint;
  eventId: string;
  type: string;
  payload: string;
  attempt: number;
  generation: number;
}

export interface WebhookDispatcherOptions {
  retry?: WebhookRetryOptions;
  log: (line: string) => void;
  onDelivered: (mode: Mode, eventId: string) => void;
}

/**
 * Delivers events asynchronously so API responses never wait on a receiver.
 * Each endpoint gets a FIFO queue, so a healthy receiver sees events in the
 * order they happened; a failed attempt is re-queued after a backoff timer
 * instead of blocking the events behind it.
 */
export class WebhookDispatcher {
  private endpoints: Record<Mode, Endpoint[]> = { test: [], live: [] };
  private pending = 0;
  private waiters: (() => void)[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private controllers = new Set<AbortController>();
  private records: DeliveryRecord[] = [];
  /** Bumped by reset/close so stale retries and in-flight results are ignored. */
  private generation = 0;
  private closed = false;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 4);
    this.initialDelayMs = Math.max(0, options.retry?.initialDelayMs ?? 500);
    this.timeoutMs = Math.max(1, options.retry?.timeoutMs ?? 10_000);
  }

  configure(config: WebhookConfig): void {
    const all = [...(config.test ?? []), ...(config.live ?? [])];
    for (const endpoint of all) {
      assertLoopbackUrl(endpoint.url);
      if (endpoint.secret === "") throw new Error(`Webhook secret for ${endpoint.url} is empty`);
    }
    const make = (mode: Mode, list: WebhookEndpointConfig[] | undefined): Endpoint[] =>
      (list ?? []).map((e) => ({ url: e.url, secret: e.secret, mode, queue: [], draining: false }));
    this.endpoints = { test: make("test", config.test), live: make("live", config.live) };
  }

  endpointUrls(mode: Mode): string[] {
    return this.endpoints[mode].map((endpoint) => endpoint.url);
  }

  endpointCount(mode: Mode): number {
    return this.endpoints[mode].length;
  }

  get deliveries(): readonly DeliveryRecord[] {
    return this.records;
  }

  get pendingCount(): number {
    return this.pending;
  }

  enqueue(mode: Mode, event: Stripe.EventBase): void {
    if (this.closed) return;
    // Stripe pretty-prints webhook bodies; the exact bytes are what gets signed.
    const payload = JSON.stringify(event, null, 2);
    for (const endpoint of this.endpoints[mode]) {
      this.pending += 1;
      this.push({
        endpoint,
        eventId: event.id,
        type: event.type,
        payload,
        attempt: 0,
        generation: this.generation,
      });
    }
  }

  /** Resolves once every queued delivery, retries included, has succeeded or given up. */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops queued deliveries and scheduled retries (used by reset). */
  dropPending(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    for (const mode of ["test", "live"] as const) {
      for (const endpoint of this.endpoints[mode]) endpoint.queue = [];
    }
    this.pending = 0;
    this.records = [];
    this.resolveWaiters();
  }

  close(): void {
    this.closed = true;
    this.dropPending();
  }

  private push(delivery: Delivery): void {
    delivery.endpoint.queue.push(delivery);
    if (!delivery.endpoint.draining) void this.drain(delivery.endpoint);
  }

  private async drain(endpoint: Endpoint): Promise<void> {
    endpoint.draining = true;
    try {
      for (let next = endpoint.queue.shift(); next !== undefined; next = endpoint.queue.shift()) {
        await this.attempt(next);
      }
    } finally {
      endpoint.draining = false;
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (delivery.generation !== this.generation) return;
    delivery.attempt += 1;
    const { endpoint } = delivery;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signatureHeader(
            delivery.payload,
            endpoint.secret,
            Math.floor(Date.now() / 1000),
          ),
        },
        body: delivery.payload,
        signal: controller.signal,
        redirect: "manual",
      });
      status = response.status;
      // Drain the body so the connection can be reused or closed cleanly.
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    if (delivery.generation !== this.generation) return;

    const ok = status !== null && status >= 200 && status < 300;
    this.record(delivery, status, error);
    this.options.log(
      `webhook ${delivery.type} ${delivery.eventId} -> ${endpoint.url}: ${status ?? error} (attempt ${delivery.attempt}/${this.maxAttempts})`,
    );
    if (ok) {
      this.options.onDelivered(endpoint.mode, delivery.eventId);
      this.settle();
    } else if (delivery.attempt < this.maxAttempts && !this.closed) {
      const delay = this.initialDelayMs * 2 ** (delivery.attempt - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (delivery.generation === this.generation) this.push(delivery);
      }, delay);
      this.timers.add(timer);
    } else {
      this.settle();
    }
  }

  private record(delivery: Delivery, status: number | null, error: string | null): void {
    this.records.push({
      eventId: delivery.eventId,
      type: delivery.type,
      mode: delivery.endpoint.mode,
      url: delivery.endpoint.url,
      attempt: delivery.attempt,
      status,
      error,
      at: new Date().toISOString(),
    });
    if (this.records.length > 500) this.records.splice(0, this.records.length - 500);
  }

  private settle(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.resolveWaiters();
  }

  private resolveWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
