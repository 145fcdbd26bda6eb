// Fixtures for the public API's e2e tests: secret keys made by the domain (as the dashboard makes
// them), and an SDK client.
import { Autumn } from "autumn-js";
import { domain, uniqueSuffix } from "./fixtures";

export type TestApiKey = { id: string; env: "sandbox" | "live"; secret: string };

export async function createApiKey(env: "sandbox" | "live" = "sandbox"): Promise<TestApiKey> {
  return (await domain()).apiKey(env, `e2e ${uniqueSuffix()}`);
}

export async function revokeApiKey(key: TestApiKey) {
  await (await domain()).revokeKey(key.env, key.id);
}

/** The official SDK pointed at the server under test. failOpen: false, or 5xx would look like success. */
export function autumnClient(key: TestApiKey): Autumn {
  return new Autumn({ secretKey: key.secret, serverURL: process.env.E2E_BASE_URL!, failOpen: false });
}

/** A raw HTTP call to the server under test. */
export async function api(path: string, init: { method?: string; secret?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.secret) headers.authorization = `Bearer ${init.secret}`;
  const response = await fetch(`${process.env.E2E_BASE_URL}${path}`, {
    method: init.method ?? "POST",
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> };
}
