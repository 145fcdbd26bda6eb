// A one-time sign-in link for an email address, as next-auth's email provider would make it.
import "server-only";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailCallbackUrl, newVerificationToken } from "./verification-token";

export const DEFAULT_LINK_MAX_AGE_SECONDS = 24 * 60 * 60;

export type SignInLink = { url: string; expires: Date };

/** Stores the token (hashed) and returns the link. Pass `tx` to make it part of a larger change. */
export async function createSignInLink(
  email: string,
  options: { callbackUrl?: string; maxAgeSeconds?: number; tx?: Tx } = {},
): Promise<SignInLink> {
  const { APP_URL, AUTH_SECRET } = env();
  const { token, hashed } = newVerificationToken(AUTH_SECRET);
  const expires = new Date(Date.now() + (options.maxAgeSeconds ?? DEFAULT_LINK_MAX_AGE_SECONDS) * 1000);
  await (options.tx ?? db()).verificationToken.create({ data: { identifier: email, token: hashed, expires } });
  const callbackUrl = new URL(options.callbackUrl ?? "/customers", APP_URL).toString();
  return { url: emailCallbackUrl({ appUrl: APP_URL, email, token, callbackUrl }), expires };
}
