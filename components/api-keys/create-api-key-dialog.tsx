"use client";

import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import { Plus } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import { createApiKeyInput } from "@/lib/api-keys/schemas";
import type { CreatedApiKey } from "@/lib/api-keys/create-api-key";
import { createApiKeyAction } from "@/lib/api-keys/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";

type FormInput = z.input<typeof createApiKeyInput>;
type FormOutput = z.output<typeof createApiKeyInput>;

export type CreateApiKeyDialogProps = {
  env: Env;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** The button that opens the dialog (there may be two: the page header's and the empty state's). */
export function NewApiKeyButton({ onClick, label = "New API key" }: { onClick: () => void; label?: string }) {
  return (
    <Button onClick={onClick}>
      <Plus aria-hidden="true" />
      {label}
    </Button>
  );
}

/**
 * New API key: a name, then the secret shown once, with a copy button and a warning that it
 * cannot be shown again. Focus lands on the secret so it can be copied at once. Controlled, and
 * rendered once per page at a stable place: the list changing under it (first key created) must
 * not unmount it while the secret is on screen. Give it a new `key` each time it opens, so it
 * starts empty.
 */
export function CreateApiKeyDialog({ env, open, onOpenChange: setOpen }: CreateApiKeyDialogProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(createApiKeyInput), defaultValues: { name: "" } });

  async function submit(values: FormOutput) {
    const result = await createApiKeyAction(values);
    if (!result.ok) return applyActionError(form, result.error);
    setCreated(result.data);
    toast.success(`API key ${result.data.name} created`);
  }

  // Once the secret step is on screen, put the secret under the cursor (focus moves into it).
  useEffect(() => {
    if (created) secretInput.current?.select();
  }, [created]);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent
        size="md"
        onInteractOutside={(event) => {
          // A stray click must not throw away a secret that was never copied.
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new secret key</DialogTitle>
              <DialogDescription>
                {created.name} · {ENVIRONMENT_LABEL[created.env]}
              </DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-4">
              <Alert variant="warning" title="This is the only time the key is shown">
                Store it in your application&apos;s secrets now. Equinox keeps only a fingerprint of it; if you lose it, revoke it and create another.
              </Alert>
              <Field label="Secret key">
                <div className="flex gap-2">
                  <Input
                    ref={secretInput}
                    readOnly
                    value={created.secret}
                    className="font-mono text-[13px]"
                    onFocus={(event) => event.currentTarget.select()}
                  />
                  <CopyButton value={created.secret} label="Copy secret key" showLabel variant="outline" size="md" toastMessage="Secret key copied" />
                </div>
              </Field>
            </DialogBody>
            <DialogFooter>
              <DialogClose asChild>
                <Button>I have stored it</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
            <DialogHeader>
              <DialogTitle>New API key</DialogTitle>
              <DialogDescription>
                A secret key for your application to call the Equinox API in the {ENVIRONMENT_LABEL[env].toLowerCase()} environment.
              </DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-4">
              {env === "live" ? <LiveEditNotice what="API keys" /> : null}
              <Field
                label="Name"
                required
                help="Where it is used, e.g. “Production backend”."
                error={form.formState.errors.name?.message ? fieldMessage(form.formState.errors.name.message) : undefined}
              >
                <Input autoComplete="off" {...form.register("name")} />
              </Field>
            </DialogBody>
            <DialogFormFooter submitting={form.formState.isSubmitting}>Create key</DialogFormFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
