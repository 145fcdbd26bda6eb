import type { Metadata } from "next";
import Link from "next/link";
import { CircleAlert } from "lucide-react";
import { authErrorInfo } from "@/lib/auth/auth-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in problem" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** next-auth's error page (`/api/auth/error?error=…` lands here) and Equinox's own sign-in refusals. */
export default async function AuthErrorPage({ searchParams }: { searchParams: SearchParams }) {
  const { error } = await searchParams;
  const info = authErrorInfo(Array.isArray(error) ? error[0] : error) ?? authErrorInfo("Default")!;
  return (
    <Card>
      <CardContent className="flex flex-col items-center gap-3 pt-8 pb-8 text-center">
        <div className="flex size-10 items-center justify-center rounded-lg border border-destructive-border bg-destructive-soft text-destructive-ink shadow-xs">
          <CircleAlert className="size-5" aria-hidden="true" />
        </div>
        <h1 className="text-lg font-semibold tracking-tight">{info.title}</h1>
        <p className="text-sm text-muted-foreground">{info.message}</p>
        <Button asChild className="mt-2">
          <Link href="/sign-in">Back to sign in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
