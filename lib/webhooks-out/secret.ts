// Endpoint secrets as Standard Webhooks defines them: `whsec_` + base64 of random bytes (24 here,
// as Svix does); receivers pass the whole string to their library's verify.
import "server-only";
import { randomBytes } from "node:crypto";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** What the list shows of a secret: enough to tell two apart. */
export function maskWebhookSecret(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}
