// Fixtures for the public API's e2e tests: secret keys made directly in the test database (as the
// dashboard would store them: only the SHA-256 hash and a display prefix), and an SDK client.
import { Autumn } from "autumn-js";
import { displayPrefix, generateSecretKey, hashSecretKey } from "../lib/api-keys/secret";
import { sql, uniqueSuffix } from "./fixtures";

export type TestApiKey = { id: string; env: "sandbox" | "live"; secret: string };

export async function createApiKey(env: "sandbox" | "live" = "sandbox"): Promise<TestApiKey> {
  const secret = generateSecretKey(env);
  const id = `key_e2e${uniqueSuffix()}${uniqueSuffix()}`;
  await sql(`insert into api_keys (id, env, name, prefix, hash) values ($1, $2, $3, $4, $5)`, [id, env, `e2e ${id}`, displayPrefix(secret), hashSecretKey(secret)]);
  return { id, env, secret };
}

export async function revokeApiKey(key: TestApiKey) {
  await sql(`update api_keys set revoked_at = now() where id = $1`, [key.id]);
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
