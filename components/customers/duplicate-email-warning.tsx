"use client";
// Warns before staff save a customer with an email another customer of the environment already
// uses (compared normalised, by lib/customers/find-customers-by-email.ts through the dashboard's
// email-users route). A warning, not a rule: the form still saves, after an explicit "Save anyway"
// (the submit button says so while the warning shows). Two *pending* customers may not share an
// email: that the domain refuses (pending_email_taken), so there is nothing to confirm then.
import { useEffect, useState } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Env } from "@/lib/generated/prisma";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { emailSchema } from "@/lib/customers/schemas";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { Alert } from "@/components/ui/alert";

export type EmailUser = { internalId: string; id: string | null; name: string | null; email: string | null; pending: boolean };

const validEmail = (value: string | null | undefined): string | null => {
  const parsed = emailSchema.safeParse(value ?? "");
  return parsed.success ? parsed.data : null;
};

/** The email being typed, once it settles and only when it is a valid address other than `current`. */
function useSettledEmail(value: string | null | undefined, current: string | null): string | null {
  const [settled, setSettled] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      const email = validEmail(value);
      setSettled(email && normalizeEmail(email) !== normalizeEmail(current) ? email : null);
    }, 350);
    return () => clearTimeout(timer);
  }, [value, current]);
  return settled;
}

const emailUsersUrl = (email: string, except: string | null) =>
  `/api/dashboard/customers/email-users?${new URLSearchParams({ email, ...(except ? { except } : {}) })}`;

export type DuplicateEmailCheck = {
  /** The other customers using the typed email (empty while it is not settled or unique). */
  duplicates: EmailUser[];
  /** The warning shows and saving needs the explicit "Save anyway". */
  needsConfirmation: boolean;
  /**
   * Call first thing on submit: true when the save must wait (another customer uses the email and
   * staff have not seen the warning yet: it shows now, and the next submit is "Save anyway").
   */
  holdSave(email: string | null | undefined): Promise<boolean>;
};

/**
 * `pending`: the customer being saved has no id (another pending customer with the email is then
 * refused by the domain, not confirmed here). `current`: its email as saved (no warning for it).
 */
export function useDuplicateEmailCheck(options: {
  env: Env;
  email: string | null | undefined;
  open: boolean;
  exceptCustomerId?: string | null;
  current?: string | null;
  pending?: boolean;
}): DuplicateEmailCheck {
  const { env, open, pending = false } = options;
  const except = options.exceptCustomerId ?? null;
  const current = options.current ?? null;
  const queryClient = useQueryClient();
  const settled = useSettledEmail(open ? options.email : null, current);
  // The email a submit found taken before it settled: its warning shows at once.
  const [heldFor, setHeldFor] = useState<string | null>(null);
  const typed = validEmail(options.email);
  const shown = settled ?? (heldFor !== null && typed !== null && normalizeEmail(typed) === normalizeEmail(heldFor) ? heldFor : null);

  const queryFor = (email: string) => ({
    queryKey: queryKeys.customers.emailUsers(env, email, except),
    queryFn: ({ signal }: { signal?: AbortSignal }) => fetchJson<{ customers: EmailUser[] }>(emailUsersUrl(email, except), { signal }),
    staleTime: 10_000,
  });
  const others = useQuery({ ...queryFor(shown ?? ""), enabled: open && shown !== null });
  const duplicates = shown ? (others.data?.customers ?? []) : [];
  // Another pending customer with the email is the domain's refusal, not a warning to confirm.
  const confirmable = duplicates.length > 0 && !(pending && duplicates.some((d) => d.pending));

  return {
    duplicates,
    needsConfirmation: confirmable,
    async holdSave(value) {
      const email = validEmail(value);
      if (!email || normalizeEmail(email) === normalizeEmail(current)) return false;
      // The warning for this very email is on screen: this submit is the "Save anyway".
      if (shown !== null && normalizeEmail(shown) === normalizeEmail(email) && others.data) return false;
      // The check is a courtesy: when it cannot answer, the save goes ahead (the domain keeps its rules).
      const found = await queryClient.fetchQuery(queryFor(email)).then(
        (data) => data.customers,
        () => [] as EmailUser[],
      );
      if (found.length === 0 || (pending && found.some((d) => d.pending))) return false;
      setHeldFor(email);
      return true;
    },
  };
}

const label = (user: EmailUser) => user.name ?? user.id ?? user.email ?? user.internalId;

/**
 * The warning: who uses the email ("Open <name>"), and, from a customer's own page, a way to merge
 * it into that customer instead of keeping two.
 */
export function DuplicateEmailWarning({
  duplicates,
  pending = false,
  mergeFromCustomerId,
  onNavigate,
}: {
  duplicates: EmailUser[];
  pending?: boolean;
  /** The customer being edited: offers "Merge into <name>…" (its page's merge dialog, preselected). */
  mergeFromCustomerId?: string;
  onNavigate?: () => void;
}) {
  if (duplicates.length === 0) return null;
  const refused = pending && duplicates.some((d) => d.pending);
  const shown = duplicates.slice(0, 3);
  return (
    <Alert
      variant="warning"
      title={duplicates.length === 1 ? "Another customer already uses this email" : `${duplicates.length} other customers already use this email`}
      data-testid="duplicate-email-warning"
    >
      <ul className="mt-1 flex flex-col gap-1">
        {shown.map((other) => (
          <li key={other.internalId} className="flex flex-wrap items-center gap-x-3 gap-y-0.5">
            <Link href={`/customers/${other.internalId}`} className="font-medium underline underline-offset-2" onClick={onNavigate}>
              Open {label(other)}
            </Link>
            <span className="text-xs opacity-80">{other.pending ? "pending" : other.id}</span>
            {mergeFromCustomerId ? (
              <Link
                href={`/customers/${mergeFromCustomerId}?merge=${encodeURIComponent(other.internalId)}`}
                className="text-xs underline underline-offset-2"
                onClick={onNavigate}
              >
                Merge into {label(other)}…
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      {duplicates.length > shown.length ? <p className="mt-1">and {duplicates.length - shown.length} more.</p> : null}
      <p className="mt-1">
        {refused
          ? "Two customers without an id cannot share an email: open that one instead."
          : "Saving keeps two customers with one email. Save anyway, or open the other one."}
      </p>
    </Alert>
  );
}
