"use client";
// Staff sign-in to the dashboard: the shared email-link card with the staff's texts and email rule.
import type { AuthErrorInfo } from "@/lib/auth/auth-errors";
import { staffEmailSchema } from "@/lib/staff/schemas";
import { EmailLinkSignInCard } from "@/components/auth/email-link-sign-in-card";

export type SignInCardProps = {
  /** Where to go after signing in (a same-site path). */
  callbackPath: string;
  /** Single sign-on, when configured. */
  sso: { name: string } | null;
  /** An error from the URL (`?error=`), e.g. an expired link. */
  error: AuthErrorInfo | null;
  /** A neutral notice (signed out, signed in without access...). */
  notice: string | null;
};

export function SignInCard(props: SignInCardProps) {
  return (
    <EmailLinkSignInCard
      {...props}
      title="Sign in to Equinox"
      description="We will email you a link that signs you in. No password needed."
      emailLabel="Work email"
      emailSchema={staffEmailSchema}
    />
  );
}
