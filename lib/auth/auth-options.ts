// The whole next-auth configuration: database sessions (Prisma adapter), email magic links,
// and company single sign-on over OpenID Connect when it is configured. Built lazily, on first
// use, so that importing this module (e.g. while `next build` collects routes) needs no config.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import type { StaffRole } from "@/lib/generated/prisma";
import { env } from "@/lib/env";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { equinoxAdapter } from "./adapter";
import { sendMail } from "./send-mail";
import { signInEmail } from "./emails/sign-in-email";
import { isVerifiedEmailClaim, type OidcProfile } from "./oidc-claims";
import { runPortalSignInHook } from "@/lib/portal/portal-sign-in-hook";

/** What every signed-in session carries. `role` null = an end customer (portal only). */
export type SessionUser = { id: string; email: string; name: string | null; image: string | null; role: StaffRole | null };

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
  interface User {
    role?: StaffRole | null;
  }
}

export const OIDC_PROVIDER_ID = "oidc";
export const SIGN_IN_PATH = "/sign-in";
export const AUTH_ERROR_PATH = "/sign-in/error";
export const CHECK_EMAIL_PATH = "/sign-in/check-email";

const MAGIC_LINK_MAX_AGE_SECONDS = 24 * 60 * 60;
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Single sign-on is offered only when all three settings are present (lib/env.ts checks they go together). */
export function oidcConfig(): { name: string } | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  return OIDC_ISSUER && OIDC_CLIENT_ID && OIDC_CLIENT_SECRET ? { name: OIDC_NAME } : null;
}

/** Whether cookies get the `__Secure-` prefix: next-auth decides it from the public URL, and so do we. */
export function usesSecureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}

export function sessionCookieName(): string {
  return `${usesSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: OIDC_NAME,
    type: "oauth",
    wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    // An invited staff member (a user row made by email) signing in through the company's
    // identity provider for the first time is linked to that row by email. Safe here because
    // the signIn callback below only lets in addresses the provider says it has verified.
    allowDangerousEmailAccountLinking: true,
    profile(profile) {
      return {
        id: profile.sub,
        email: normalizeEmail(profile.email),
        name: profile.name ?? profile.preferred_username ?? null,
        image: profile.picture ?? null,
      };
    },
  };
}

const emailInput = z.email();

/** Every address is normalised the one way Equinox compares emails; invalid input is refused. */
export function normalizeSignInEmail(identifier: string): NormalizedEmail {
  const email = normalizeEmail(identifier);
  if (!email || !emailInput.safeParse(email).success) throw new Error("Invalid email address");
  return email;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const config = env();
  // next-auth v4 reads its public URL from NEXTAUTH_URL itself; ours is APP_URL.
  process.env.NEXTAUTH_URL ??= config.APP_URL;
  const oidc = oidcProvider();

  cached = {
    secret: config.AUTH_SECRET,
    adapter: equinoxAdapter(),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    useSecureCookies: usesSecureCookies(),
    pages: { signIn: SIGN_IN_PATH, verifyRequest: CHECK_EMAIL_PATH, error: AUTH_ERROR_PATH },
    providers: [
      EmailProvider({
        from: config.EMAIL_FROM,
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        normalizeIdentifier: normalizeSignInEmail,
        async sendVerificationRequest({ identifier, url }) {
          await sendMail({ to: identifier, ...signInEmail({ url, host: new URL(url).host, expiresInText: "24 hours" }) });
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        if (isVerifiedEmailClaim(profile)) return true;
        return new URL(`${AUTH_ERROR_PATH}?error=EmailNotVerified`, config.APP_URL).toString();
      },
      session({ session, user }) {
        return {
          expires: session.expires,
          user: { id: user.id, email: user.email, name: user.name ?? null, image: user.image ?? null, role: user.role ?? null },
        };
      },
    },
    // The portal's sign-in hook (after the user row exists; never throws).
    events: {
      signIn: async (message) => {
        await runPortalSignInHook(message);
      },
    },
    logger: {
      error: (code, metadata) => console.error(`[auth] ${code}`, metadata),
      warn: (code) => {
        // NEXTAUTH_URL is set above from APP_URL; the debug warning is noise.
        if (code !== "DEBUG_ENABLED") console.warn(`[auth] ${code}`);
      },
      debug: () => undefined,
    },
  };
  return cached;
}
