"use client";
// The customer page's follow-up card: who owns the customer (changeable, audited) and, while it is
// pending, its invitation links: send one by email or create one to copy, and revoke open ones.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Link2, Mail, Send } from "lucide-react";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { createInvitationInput } from "@/lib/customers/follow-up-schemas";
import type { InvitationView } from "@/lib/customers/invitations";
import type { OwnerOption } from "@/lib/customers/customer-owner";
import { changeOwnerAction, createInvitationAction, revokeInvitationAction } from "@/lib/customers/follow-up-actions";
import { applyActionError, fieldMessage, toastActionError } from "@/components/dashboard/action-feedback";
import { formatDateTime, formatRelative } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toaster";
import { InvitationStatusBadge } from "./invitation-status-badge";

export type FollowUpCardProps = {
  customer: { internalId: string; pending: boolean; email: string | null; name: string | null };
  owner: OwnerOption | null;
  ownerOptions: OwnerOption[];
  invitations: InvitationView[];
  canWrite: boolean;
};

export function FollowUpCard({ customer, owner, ownerOptions, invitations, canWrite }: FollowUpCardProps) {
  const router = useRouter();
  const [savingOwner, setSavingOwner] = useState(false);
  const options = owner && !ownerOptions.some((o) => o.id === owner.id) ? [owner, ...ownerOptions] : ownerOptions;

  async function changeOwner(ownerId: string) {
    setSavingOwner(true);
    const result = await changeOwnerAction({ customer_id: customer.internalId, owner_id: ownerId || null });
    setSavingOwner(false);
    if (!result.ok) return toastActionError(result.error, "Could not change the owner");
    toast.success(ownerId ? `Owner set to ${options.find((o) => o.id === ownerId)?.label ?? "them"}` : "Owner removed");
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Follow-up</CardTitle>
        <CardDescription>
          {customer.pending
            ? "Who follows this customer up until they sign in, and the invitations sent to them."
            : "The staff member who looks after this customer."}
        </CardDescription>
        {customer.pending && canWrite ? (
          <CardAction>
            <InviteButton customer={customer} />
          </CardAction>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <Field label="Owner" help="Gets an email when this customer is claimed." className="max-w-sm">
          <NativeSelect value={owner?.id ?? ""} disabled={!canWrite || savingOwner} onChange={(event) => void changeOwner(event.target.value)}>
            <option value="">Nobody</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
                {option.email && option.email !== option.label ? ` (${option.email})` : ""}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {customer.pending || invitations.length > 0 ? <InvitationList customerId={customer.internalId} invitations={invitations} canWrite={canWrite} /> : null}
      </CardContent>
    </Card>
  );
}

function InvitationList({ customerId, invitations, canWrite }: { customerId: string; invitations: InvitationView[]; canWrite: boolean }) {
  const router = useRouter();
  if (invitations.length === 0) {
    return <p className="text-sm text-muted-foreground">No invitation yet. Invite them to sign in and claim this customer with any address they can verify.</p>;
  }
  async function revoke(invitation: InvitationView) {
    const result = await revokeInvitationAction({ customer_id: customerId, invitation_id: invitation.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not revoke the invitation");
      return false;
    }
    toast.success("Invitation revoked", { description: "The link now shows that it was withdrawn." });
    router.refresh();
  }
  return (
    <div>
      <h3 className="mb-2 text-sm font-medium">Invitations</h3>
      <ul aria-label="Invitations" className="divide-y rounded-md border">
        {invitations.map((invitation) => (
          <li key={invitation.id} aria-label={invitation.sentTo ? `Invitation to ${invitation.sentTo}` : "Invitation link"} className="flex flex-wrap items-center gap-3 px-3 py-2.5 text-sm">
            {invitation.sentTo ? <Mail className="size-4 text-muted-foreground" aria-hidden="true" /> : <Link2 className="size-4 text-muted-foreground" aria-hidden="true" />}
            <div className="min-w-0 flex-1">
              <p className="truncate">{invitation.sentTo ? `Emailed to ${invitation.sentTo}` : "Link created to copy"}</p>
              <p className="text-xs text-muted-foreground">
                <time dateTime={invitation.createdAt} title={formatDateTime(invitation.createdAt)} suppressHydrationWarning>
                  {formatRelative(invitation.createdAt)}
                </time>
                {invitation.createdBy ? ` by ${invitation.createdBy}` : ""} · expires {formatDateTime(invitation.expiresAt)}
              </p>
            </div>
            <InvitationStatusBadge status={invitation.status} />
            {invitation.status === "open" && canWrite ? (
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" size="sm">
                    Revoke
                  </Button>
                }
                title="Revoke this invitation?"
                description="The link stops working at once; whoever opens it sees that it was withdrawn. You can send a new one."
                confirmLabel="Revoke invitation"
                onConfirm={() => revoke(invitation)}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

type FormInput = z.input<typeof createInvitationInput>;
type FormOutput = z.output<typeof createInvitationInput>;
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value);

function InviteButton({ customer }: { customer: FollowUpCardProps["customer"] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<{ url: string; sentTo: string | null } | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createInvitationInput),
    defaultValues: { customer_id: customer.internalId, send_to: customer.email ?? undefined },
  });
  const { errors, isSubmitting } = form.formState;

  function openChange(next: boolean) {
    setOpen(next);
    if (next) {
      setLink(null);
      form.reset({ customer_id: customer.internalId, send_to: customer.email ?? undefined });
    }
  }

  async function create(values: FormOutput, send: boolean) {
    const result = await createInvitationAction({ customer_id: customer.internalId, ...(send && values.send_to ? { send_to: values.send_to } : {}) });
    if (!result.ok) return applyActionError(form, result.error);
    setLink({ url: result.data.url, sentTo: result.data.invitation.sentTo });
    toast.success(result.data.invitation.sentTo ? `Invitation sent to ${result.data.invitation.sentTo}` : "Invitation link created");
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={openChange}>
      <Button variant="outline" onClick={() => openChange(true)}>
        <Send aria-hidden="true" />
        Invite…
      </Button>
      <DialogContent size="md">
        <DialogHeader>
          <DialogTitle>Invite to claim</DialogTitle>
          <DialogDescription>
            A one-time link to the portal&apos;s sign-in. Whoever opens it and signs in with a verified email claims {customer.name ?? "this customer"}, and
            that address becomes its email. It expires in 14 days.
          </DialogDescription>
        </DialogHeader>
        {link ? (
          <>
            <DialogBody className="flex flex-col gap-3">
              <p className="text-sm">{link.sentTo ? `Emailed to ${link.sentTo}. You can also copy the link:` : "Copy the link and send it yourself:"}</p>
              <div className="flex items-center gap-2">
                <Input readOnly value={link.url} aria-label="Invitation link" className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
                <CopyButton value={link.url} label="Copy invitation link" />
              </div>
              <p className="text-xs text-muted-foreground">This is the only time the link is shown: only a fingerprint of it is kept.</p>
            </DialogBody>
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form noValidate onSubmit={form.handleSubmit((values) => create(values, true))} className="contents">
            <DialogBody className="flex flex-col gap-4">
              <Field label="Email the link to" optional help="Leave empty to only create the link and copy it." error={errors.send_to?.message ? fieldMessage(errors.send_to.message) : undefined}>
                <Input type="email" autoComplete="off" spellCheck={false} {...form.register("send_to", { setValueAs: blankToUndefined })} />
              </Field>
            </DialogBody>
            <DialogFooter>
              <Button type="button" variant="outline" disabled={isSubmitting} onClick={form.handleSubmit((values) => create(values, false))}>
                <Link2 aria-hidden="true" />
                Create link to copy
              </Button>
              <Button type="submit" loading={isSubmitting}>
                <Send aria-hidden="true" />
                Send invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
