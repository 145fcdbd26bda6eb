// What each sign-in error means for the person in front of the screen, and what to do next.
// Codes are next-auth's (`?error=` on its error page) plus Equinox's own.
export type AuthErrorInfo = { title: string; message: string };

const ERRORS: Record<string, AuthErrorInfo> = {
  Verification: {
    title: "This sign-in link no longer works",
    message: "It was already used, or it expired. Links work once and for 24 hours. Ask for a new one below.",
  },
  EmailSignin: {
    title: "We could not send the sign-in email",
    message: "Check the address and try again. If it keeps failing, the mail server may be down: tell your administrator.",
  },
  AccessDenied: {
    title: "Sign-in refused",
    message: "This account may not sign in. If you think it should, ask an Equinox admin.",
  },
  EmailNotVerified: {
    title: "Your email address is not verified",
    message: "Your identity provider says it has not verified your email address, so Equinox cannot trust it. Verify it with your provider, or sign in with an email link instead.",
  },
  OAuthAccountNotLinked: {
    title: "This email is linked to another sign-in",
    message: "Sign in the way you did before (email link or single sign-on).",
  },
  OAuthSignin: { title: "Single sign-on failed", message: "We could not reach your identity provider. Try again, or sign in with an email link." },
  OAuthCallback: { title: "Single sign-on failed", message: "Your identity provider's answer could not be used. Try again, or sign in with an email link." },
  OAuthCreateAccount: { title: "Single sign-on failed", message: "Your account could not be created. Try again, or sign in with an email link." },
  Callback: { title: "Sign-in failed", message: "Something went wrong while signing you in. Try again." },
  SessionRequired: { title: "Sign in to continue", message: "Your session has ended. Sign in again." },
  RateLimited: {
    title: "Too many sign-in emails",
    message: "We sent several links to this address (or from this network) recently. Use the latest link you received, or try again in an hour.",
  },
  Configuration: {
    title: "Sign-in is not set up correctly",
    message: "The server's sign-in configuration has a problem. Tell your administrator (details are in the server log).",
  },
};

const FALLBACK: AuthErrorInfo = { title: "Sign-in failed", message: "Something went wrong. Try again." };

export function authErrorInfo(code: string | undefined | null): AuthErrorInfo | null {
  if (!code) return null;
  return ERRORS[code] ?? FALLBACK;
}

/** Only same-site paths are followed after sign-in; anything else goes to the dashboard. */
export function safeCallbackPath(value: string | string[] | undefined | null, fallback = "/customers"): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
