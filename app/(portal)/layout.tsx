import type { Metadata } from "next";
import { getSessionUser } from "@/lib/auth/session";
import { PortalHeader } from "@/components/portal/portal-header";

export const metadata: Metadata = { title: { default: "Your account", template: "%s · Your account" } };

/** The customer portal's own frame: a top bar and one centered column (not the staff shell). */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  return (
    <div className="min-h-dvh bg-subtle">
      <a href="#main-content" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2">
        Skip to content
      </a>
      <PortalHeader email={user?.email ?? null} />
      <main id="main-content" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6 sm:py-10">
        {children}
      </main>
    </div>
  );
}
