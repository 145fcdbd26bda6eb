import Link from "next/link";
import { ShieldX } from "lucide-react";
import { signOutAction } from "@/lib/auth/sign-out-actions";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EquinoxMark } from "@/components/shell/app-shell";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

/**
 * What a signed-in user without a dashboard role (an end customer) sees on any dashboard page.
 * No shell, no data: just who they are signed in as and the ways out.
 */
export function NoDashboardAccess({ email }: { email: string }) {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-subtle px-4 py-12 sm:py-20">
      <div className="mb-8 flex items-center gap-2 text-base font-semibold tracking-tight">
        <EquinoxMark className="text-primary" />
        Equinox
      </div>
      <InteractiveMarker />
      <main id="main-content" className="w-full max-w-md">
        <Card>
          <CardContent className="flex flex-col items-center gap-3 pt-8 pb-8 text-center">
            <div className="flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-muted-foreground shadow-xs">
              <ShieldX className="size-5" aria-hidden="true" />
            </div>
            <h1 className="text-lg font-semibold tracking-tight">No access to the dashboard</h1>
            <p className="text-sm text-muted-foreground">
              You are signed in as <span className="font-medium text-foreground">{email}</span>. The dashboard is for the Equinox
              team; if you should have access, ask an admin to invite this address.
            </p>
            <div className="mt-2 flex flex-wrap justify-center gap-2">
              <Button asChild>
                <Link href="/portal">Go to your account</Link>
              </Button>
              <form action={signOutAction}>
                <Button type="submit" variant="outline">
                  Sign in with another address
                </Button>
              </form>
            </div>
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
