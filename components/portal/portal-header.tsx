import Link from "next/link";
import { EquinoxMark } from "@/components/shell/app-shell";
import { SignOutButton } from "./sign-out-button";

/** The portal's own top bar: the brand, and who is signed in (not the staff dashboard's shell). */
export function PortalHeader({ email }: { email: string | null }) {
  return (
    <header className="border-b border-border bg-background">
      <div className="mx-auto flex h-14 max-w-3xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/portal" className="flex items-center gap-2 rounded-md px-1 text-sm font-semibold tracking-tight text-foreground">
          <EquinoxMark className="text-primary" />
          Your account
        </Link>
        {email ? (
          <div className="flex min-w-0 items-center gap-2">
            <span className="hidden truncate text-[13px] text-muted-foreground sm:inline">{email}</span>
            <SignOutButton />
          </div>
        ) : null}
      </div>
    </header>
  );
}
