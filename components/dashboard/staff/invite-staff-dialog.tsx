"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import { UserPlus } from "lucide-react";
import { inviteStaffInput, STAFF_ROLE_DESCRIPTION, STAFF_ROLE_LABEL } from "@/lib/staff/schemas";
import { inviteStaffAction } from "@/lib/staff/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";

type FormInput = z.input<typeof inviteStaffInput>;
type FormOutput = z.output<typeof inviteStaffInput>;

export function InviteStaffDialog() {
  const [open, setOpen] = useState(false);
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(inviteStaffInput), defaultValues: { email: "", role: "staff" } });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: FormOutput) {
    const result = await inviteStaffAction(values);
    if (!result.ok) return applyActionError(form, result.error);
    if (result.data.emailSent) {
      toast.success(`Invitation sent to ${result.data.member.email}`);
    } else {
      toast.warning(`${result.data.member.email} was added, but the email could not be sent`, {
        description: "Check the mail server settings, then use “Resend invitation”. They can also sign in from the sign-in page.",
      });
    }
    setOpen(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset({ email: "", role: "staff" });
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Invite staff
        </Button>
      </DialogTrigger>
      <DialogContent size="md">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Invite a staff member</DialogTitle>
            <DialogDescription>They get an email with a sign-in link, valid for 7 days.</DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            <Field label="Email" required error={errors.email?.message ? fieldMessage(errors.email.message) : undefined}>
              <Input type="email" autoComplete="off" placeholder="colleague@company.com" {...form.register("email")} />
            </Field>
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Field label="Role" required help={STAFF_ROLE_DESCRIPTION[field.value]}>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger onBlur={field.onBlur}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="staff">{STAFF_ROLE_LABEL.staff}</SelectItem>
                      <SelectItem value="admin">{STAFF_ROLE_LABEL.admin}</SelectItem>
                    </SelectContent>
                  </Select>
                </Field>
              )}
            />
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>Send invitation</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
