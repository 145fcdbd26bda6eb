"use client";

import { useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { useHydrated } from "@/components/ui/use-hydrated";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { z } from "zod";
import { KeyRound, MailCheck } from "lucide-react";
import { authErrorInfo, type AuthErrorInfo } from "@/lib/auth/auth-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";

const schema = z.object({
  email: z.string().trim().min(1, "Enter your email address").pipe(z.email("Enter a valid email address")),
});
type Values = z.infer<typeof schema>;

export const PORTAL_PATH = "/portal";

export type PortalSignInCardProps = {
  sso: { name: string } | null;
  error: AuthErrorInfo | null;
  notice: string | null;
};

/** The end customer's sign-in: an emailed link (or single sign-on), then back to the portal. */
export function PortalSignInCard({ sso, error: initialError, notice }: PortalSignInCardProps) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<AuthErrorInfo | null>(initialError);
  const [ssoPending, setSsoPending] = useState(false);
  const sentHeading = useRef<HTMLHeadingElement>(null);
  const hydrated = useHydrated();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "" } });

  useEffect(() => {
    if (sentTo) sentHeading.current?.focus();
  }, [sentTo]);

  async function requestLink({ email }: Values) {
    setError(null);
    try {
      const result = await signIn("email", { email, callbackUrl: PORTAL_PATH, redirect: false });
      const code = result?.error ?? (result?.url ? new URL(result.url, window.location.href).searchParams.get("error") : null);
      if (!result || code) {
        setError(authErrorInfo(code ?? "EmailSignin"));
        return;
      }
      setSentTo(email);
    } catch {
      setError(authErrorInfo("EmailSignin"));
    }
  }

  if (sentTo) {
    return (
      <Card>
        <CardContent className="flex flex-col items-center gap-3 pt-8 pb-6 text-center">
          <div className="flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-primary shadow-xs">
            <MailCheck className="size-5" aria-hidden="true" />
          </div>
          <h1 ref={sentHeading} tabIndex={-1} className="text-lg font-semibold tracking-tight outline-none">
            Check your email
          </h1>
          <p className="text-sm text-muted-foreground" aria-live="polite">
            We sent a sign-in link to <span className="font-medium text-foreground">{sentTo}</span>. Open it on this device. It works
            once and expires in 24 hours.
          </p>
          <Button
            variant="ghost"
            className="mt-2"
            onClick={() => {
              setSentTo(null);
              form.reset({ email: "" });
            }}
          >
            Use a different email
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardContent className="flex flex-col gap-5 pt-6 pb-6">
        <div className="space-y-1">
          <h1 className="text-lg font-semibold tracking-tight">Sign in to your account</h1>
          <p className="text-sm text-muted-foreground">See your plan and usage, and manage billing. We will email you a sign-in link.</p>
        </div>

        {error ? (
          <Alert variant="danger" title={error.title}>
            {error.message}
          </Alert>
        ) : notice ? (
          <Alert variant="info">{notice}</Alert>
        ) : null}

        <form noValidate onSubmit={form.handleSubmit(requestLink)} className="flex flex-col gap-3">
          <Field label="Email" error={form.formState.errors.email}>
            <Input type="email" autoComplete="email" placeholder="you@company.com" autoFocus {...form.register("email")} />
          </Field>
          {/* Inert until hydrated (see useHydrated); not dimmed, since that lasts only a moment. */}
          <Button type="submit" loading={form.formState.isSubmitting} disabled={!hydrated} className="disabled:not-data-loading:opacity-100">
            Email me a sign-in link
          </Button>
        </form>

        {sso ? (
          <>
            <div className="flex items-center gap-3 text-xs text-muted-foreground">
              <Separator className="flex-1" />
              or
              <Separator className="flex-1" />
            </div>
            <Button
              variant="outline"
              loading={ssoPending}
              disabled={!hydrated}
              className="disabled:not-data-loading:opacity-100"
              onClick={() => {
                setSsoPending(true);
                void signIn("oidc", { callbackUrl: PORTAL_PATH }).catch(() => {
                  setSsoPending(false);
                  setError(authErrorInfo("OAuthSignin"));
                });
              }}
            >
              <KeyRound aria-hidden="true" />
              Continue with {sso.name}
            </Button>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
