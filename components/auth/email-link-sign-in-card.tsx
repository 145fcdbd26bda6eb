"use client";

import { useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { useHydrated } from "@/components/ui/use-hydrated";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { z } from "zod";
import { KeyRound, MailCheck } from "lucide-react";
import type { AuthErrorInfo } from "@/lib/auth/auth-errors";
import { authErrorInfo } from "@/lib/auth/auth-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";

type SignInValues = { email: string };

export type EmailLinkSignInCardProps = {
  /** Where to go after signing in (a same-site path). */
  callbackPath: string;
  /** The card's heading and the line under it. */
  title: string;
  description: string;
  /** The email field's label and its validation (the sign-in's own rule for an address). */
  emailLabel: string;
  emailSchema: z.ZodType<string, string>;
  /** Single sign-on, when configured. */
  sso: { name: string } | null;
  /** An error from the URL (`?error=`), e.g. an expired link. */
  error: AuthErrorInfo | null;
  /** A neutral notice (signed out, signed in without access...). */
  notice: string | null;
};

/**
 * Email magic link + optional single sign-on; switches to a "check your email" state in place.
 * Staff (components/dashboard/sign-in-card.tsx) and end customers
 * (components/portal/portal-sign-in-card.tsx) sign in through it with their own texts and rules.
 */
export function EmailLinkSignInCard({ callbackPath, title, description, emailLabel, emailSchema, sso, error: initialError, notice }: EmailLinkSignInCardProps) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<AuthErrorInfo | null>(initialError);
  const [ssoPending, setSsoPending] = useState(false);
  const sentHeading = useRef<HTMLHeadingElement>(null);
  const hydrated = useHydrated();
  const [signInSchema] = useState(() => z.object({ email: emailSchema }));
  const form = useForm<SignInValues>({ resolver: zodResolver(signInSchema), defaultValues: { email: "" } });

  useEffect(() => {
    if (sentTo) sentHeading.current?.focus();
  }, [sentTo]);

  async function requestLink({ email }: SignInValues) {
    setError(null);
    try {
      const result = await signIn("email", { email, callbackUrl: callbackPath, redirect: false });
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
            We sent a sign-in link to <span className="font-medium text-foreground">{sentTo}</span>. Open it on this device.
            It works once and expires in 24 hours.
          </p>
          <div className="mt-2 flex w-full flex-col gap-2">
            <Button variant="outline" loading={form.formState.isSubmitting} onClick={() => void form.handleSubmit(requestLink)()}>
              Send another link
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setSentTo(null);
                form.reset({ email: "" });
              }}
            >
              Use a different email
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardContent className="flex flex-col gap-5 pt-6 pb-6">
        <div className="space-y-1">
          <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
          <p className="text-sm text-muted-foreground">{description}</p>
        </div>

        {error ? (
          <Alert variant="danger" title={error.title}>
            {error.message}
          </Alert>
        ) : notice ? (
          <Alert variant="info">{notice}</Alert>
        ) : null}

        <form noValidate onSubmit={form.handleSubmit(requestLink)} className="flex flex-col gap-3">
          <Field label={emailLabel} error={form.formState.errors.email}>
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
                void signIn("oidc", { callbackUrl: callbackPath }).catch(() => {
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
