import { idempotencyError } from "./errors";
import type { Mode } from "./mode";

export interface StoredResponse {
  status: number;
  body: string;
}

interface StoredRecord extends StoredResponse {
  fingerprint: string;
  storedAt: number;
}

/** Stripe keeps idempotency results for at least 24 hours. */
const TTL_MS = 24 * 3600 * 1000;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Same request ⇔ same method, path and parameters, regardless of param order. */
export function requestFingerprint(method: string, path: string, params: unknown): string {
  return JSON.stringify([method, path, canonical(params)]);
}

/**
 * Idempotency keys are scoped per mode (as they are per Stripe account).
 * Requests sharing a key run strictly one after another, so ten concurrent
 * creates with one key execute once and the other nine replay the result.
 */
export class IdempotencyStore {
  private records = new Map<string, StoredRecord>();
  private locks = new Map<string, Promise<void>>();

  async run(
    mode: Mode,
    key: string,
    fingerprint: string,
    execute: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const scoped = `${mode}\u0000${key}`;
    const release = await this.acquire(scoped);
    try {
      const stored = this.records.get(scoped);
      if (stored !== undefined && Date.now() - stored.storedAt < TTL_MS) {
        if (stored.fingerprint !== fingerprint) throw idempotencyError(key);
        return { status: stored.status, body: stored.body, replayed: true };
      }
      const response = await execute();
      // Like Stripe, a request rejected by validation (4xx) saves nothing,
      // so the caller can fix the params and retry with the same key.
      if (response.status < 400 || response.status >= 500) {
        this.records.set(scoped, { ...response, fingerprint, storedAt: Date.now() });
      }
      return { ...response, replayed: false };
    } finally {
      release();
    }
  }

  clear(): void {
    this.records.clear();
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.locks.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.locks.get(key) === tail) this.locks.delete(key);
    };
  }
}
