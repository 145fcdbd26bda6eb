"use client";
// The end customer's sign-in to the portal: the shared email-link card with the portal's texts,
// then back to the portal.
import { z } from "zod";
import type { AuthErrorInfo } from "@/lib/auth/auth-errors";
import { EmailLinkSignInCard } from "@/components/auth/email-link-sign-in-card";

export const PORTAL_PATH = "/portal";

const portalEmailSchema = z.string().trim().min(1, "Enter your email address").pipe(z.email("Enter a valid email address"));

export type PortalSignInCardProps = {
  sso: { name: string } | null;
  error: AuthErrorInfo | null;
  notice: string | null;
};

export function PortalSignInCard(props: PortalSignInCardProps) {
  return (
    <EmailLinkSignInCard
      {...props}
      callbackPath={PORTAL_PATH}
      title="Sign in to your account"
      description="See your plan and usage, and manage billing. We will email you a sign-in link."
      emailLabel="Email"
      emailSchema={portalEmailSchema}
    />
  );
}
