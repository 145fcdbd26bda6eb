import type { Metadata } from "next";
import Link from "next/link";
import { MailCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";

export const metadata: Metadata = { title: "Check your email" };

/** next-auth's "verify request" page: shown after a sign-in link was requested without JavaScript. */
export default function CheckEmailPage() {
  return (
    <Card>
      <CardContent className="flex flex-col items-center gap-3 pt-8 pb-8 text-center">
        <div className="flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-primary shadow-xs">
          <MailCheck className="size-5" aria-hidden="true" />
        </div>
        <h1 className="text-lg font-semibold tracking-tight">Check your email</h1>
        <p className="text-sm text-muted-foreground">
          A sign-in link is on its way. Open it on this device to sign in. It works once and expires in 24 hours.
        </p>
        <p className="text-[13px] text-muted-foreground">No email after a few minutes? Look in your spam folder, or ask for a new link.</p>
        <Button asChild variant="outline" className="mt-2">
          <Link href="/sign-in">Back to sign in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
