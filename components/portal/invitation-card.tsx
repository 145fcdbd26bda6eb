// The invitation page's card: what a link to claim a pre-created account shows, before and
// instead of any claim. A link that no longer works says why, and never claims anything.
import Link from "next/link";
import { CircleAlert, MailOpen } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { SignOutButton } from "@/components/portal/sign-out-button";

export type InvitationCardState =
  | { kind: "open"; token: string; customerName: string | null; expiresAt: string }
  | { kind: "signed_in"; email: string | null; staff: boolean }
  | { kind: "used" | "revoked" | "expired" | "claimed" | "not_found" };

const PROBLEMS: Record<"used" | "revoked" | "expired" | "claimed" | "not_found", { title: string; message: string }> = {
  used: { title: "This invitation was already used", message: "Each invitation link works once, and this one has been accepted. If that was you, sign in to see your account." },
  revoked: { title: "This invitation was withdrawn", message: "The link no longer works. Ask the person who invited you for a new one." },
  expired: { title: "This invitation has expired", message: "Invitation links work for a limited time. Ask the person who invited you for a new one." },
  claimed: { title: "This account is already set up", message: "Someone has already signed in to this account, so the invitation no longer works. Sign in to see yours." },
  not_found: { title: "This invitation link is not valid", message: "Check that you opened the whole link from the email, or ask for a new one." },
};

export function InvitationCard({ state }: { state: InvitationCardState }) {
  if (state.kind === "open") {
    const name = state.customerName || "Your company";
    return (
      <Shell icon="invite" title={`${name}'s account is ready for you`}>
        <p className="text-sm text-muted-foreground">
          Sign in with any email address you can verify. It becomes the account&apos;s email, and you see its plans and usage right away.
        </p>
        <p className="text-xs text-muted-foreground">
          The invitation works once and expires on{" "}
          <time dateTime={state.expiresAt} suppressHydrationWarning>
            {new Date(state.expiresAt).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" })}
          </time>
          .
        </p>
        <Button asChild className="mt-2">
          {/* A plain GET: it only remembers the invitation in this browser, then opens the sign-in. */}
          <a href={`/portal/invite/${encodeURIComponent(state.token)}/accept`}>Accept and sign in</a>
        </Button>
      </Shell>
    );
  }
  if (state.kind === "signed_in") {
    return (
      <Shell icon="problem" title="You are already signed in">
        <p className="text-sm text-muted-foreground">
          {state.staff
            ? `You are signed in as ${state.email ?? "a staff member"}, a staff account: invitations are for customers.`
            : `You are signed in as ${state.email ?? "another user"}, whose account is already set up. To accept this invitation, sign out, open the link again and sign in with the address you want for this account.`}
        </p>
        <div className="mt-2 flex gap-2">
          <SignOutButton />
          <Button asChild variant="outline">
            <Link href="/portal">Open your account</Link>
          </Button>
        </div>
      </Shell>
    );
  }
  const problem = PROBLEMS[state.kind];
  return (
    <Shell icon="problem" title={problem.title}>
      <p className="text-sm text-muted-foreground">{problem.message}</p>
      <Button asChild variant="outline" className="mt-2">
        <Link href="/portal/sign-in">Go to sign in</Link>
      </Button>
    </Shell>
  );
}

function Shell({ icon, title, children }: { icon: "invite" | "problem"; title: string; children: React.ReactNode }) {
  const Icon = icon === "invite" ? MailOpen : CircleAlert;
  return (
    <div className="mx-auto w-full max-w-md pt-4 sm:pt-10">
      <Card>
        <CardContent className="flex flex-col items-center gap-3 pt-8 pb-8 text-center">
          <div
            className={
              icon === "invite"
                ? "flex size-10 items-center justify-center rounded-lg border bg-background text-primary shadow-xs"
                : "flex size-10 items-center justify-center rounded-lg border border-destructive-border bg-destructive-soft text-destructive-ink shadow-xs"
            }
          >
            <Icon className="size-5" aria-hidden="true" />
          </div>
          <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
          {children}
        </CardContent>
      </Card>
    </div>
  );
}
