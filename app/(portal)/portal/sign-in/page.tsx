import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oidcConfig } from "@/lib/auth/auth-options";
import { authErrorInfo } from "@/lib/auth/auth-errors";
import { getSessionUser } from "@/lib/auth/session";
import { PortalSignInCard } from "@/components/portal/portal-sign-in-card";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function PortalSignInPage({ searchParams }: { searchParams: SearchParams }) {
  if (await getSessionUser()) redirect("/portal");
  const params = await searchParams;
  return (
    <div className="mx-auto w-full max-w-sm pt-4 sm:pt-10">
      <PortalSignInCard
        sso={oidcConfig()}
        error={authErrorInfo(first(params.error))}
        notice={first(params.signedOut) ? "You are signed out." : null}
      />
      <InteractiveMarker />
    </div>
  );
}
