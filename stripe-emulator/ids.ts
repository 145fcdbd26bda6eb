import { randomBytes } from "node:crypto";

import type { Mode } from "./mode";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number): string {
  // Rejection sampling keeps the distribution uniform over the 62 symbols.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Real Stripe ids after the prefix start with "1" and carry 24 symbols. */
export function newId(prefix: string): string {
  return `${prefix}_1${randomToken(23)}`;
}

/** Checkout session ids embed the mode, which is how the hosted page finds them. */
export function newCheckoutSessionId(mode: Mode): string {
  return `cs_${mode}_a1${randomToken(56)}`;
}

export function clientSecret(id: string): string {
  return `${id}_secret_${randomToken(24)}`;
}

export function invoicePrefix(): string {
  return randomToken(8).toUpperCase().replace(/[^A-Z0-9]/g, "X");
}
