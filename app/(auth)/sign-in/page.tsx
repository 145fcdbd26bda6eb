import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oidcConfig } from "@/lib/auth/auth-options";
import { authErrorInfo, safeCallbackPath } from "@/lib/auth/auth-errors";
import { getSessionUser, isStaff } from "@/lib/auth/session";
import { SignInCard } from "@/components/dashboard/sign-in-card";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  const user = await getSessionUser();
  // Already signed in as staff: nothing to do here.
  if (isStaff(user)) redirect(callbackPath);

  const signedOut = first(params.signedOut);
  return (
    <SignInCard
      callbackPath={callbackPath}
      sso={oidcConfig()}
      error={authErrorInfo(first(params.error))}
      notice={
        signedOut === "everywhere"
          ? "You are signed out on every device."
          : signedOut
            ? "You are signed out."
            : user
              ? `You are signed in as ${user.email}, which has no dashboard access. Sign in with another address.`
              : null
      }
    />
  );
}
