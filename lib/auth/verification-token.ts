// next-auth (v4) email sign-in tokens, made outside next-auth: the invitation email, the demo
// admin's link printed by `npm run dev`, tests. next-auth stores sha256(token + secret) in
// verification_tokens and accepts `/api/auth/callback/email?callbackUrl&token&email` (see
// node_modules/next-auth/core/lib/email/signin.js and core/lib/utils.js#hashToken); this module
// must produce exactly that. No server-only imports: scripts and tests use it too.
import { createHash, randomBytes } from "node:crypto";

export function hashVerificationToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

export function newVerificationToken(secret: string): { token: string; hashed: string } {
  const token = randomBytes(32).toString("hex");
  return { token, hashed: hashVerificationToken(token, secret) };
}

export function emailCallbackUrl(input: { appUrl: string; email: string; token: string; callbackUrl: string }): string {
  const params = new URLSearchParams({ callbackUrl: input.callbackUrl, token: input.token, email: input.email });
  return `${input.appUrl.replace(/\/$/, "")}/api/auth/callback/email?${params}`;
}
