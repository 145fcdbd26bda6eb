"use client";

import { useEffect, useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { Env } from "@/lib/generated/prisma";
import { createWebhookEndpointInput, WEBHOOK_EVENT_LABEL, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks-out/schemas";
import { createWebhookEndpointAction, updateWebhookEndpointAction } from "@/lib/webhooks-out/actions";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogFormFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";

type FormInput = z.input<typeof createWebhookEndpointInput>;
type FormOutput = z.output<typeof createWebhookEndpointInput>;

export type EditedEndpoint = { id: string; url: string; description: string | null; eventTypes: string[]; enabled: boolean };

export type EndpointDialogProps = {
  env: Env;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Editing this endpoint; without it, a new one. */
  endpoint?: EditedEndpoint;
  /** After a save (the page refreshes its data). */
  onSaved?: (id: string) => void;
};

/**
 * Add or edit a webhook endpoint: URL, description, the events it receives, enabled. A new
 * endpoint's signing secret is shown at once (it stays revealable on the endpoint's page). Give
 * it a new `key` each time it opens, so it starts from the endpoint (or empty).
 */
export function EndpointDialog({ env, open, onOpenChange: setOpen, endpoint, onSaved }: EndpointDialogProps) {
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createWebhookEndpointInput),
    defaultValues: {
      url: endpoint?.url ?? "",
      description: endpoint?.description ?? "",
      eventTypes: (endpoint?.eventTypes ?? [...WEBHOOK_EVENT_TYPES]) as FormInput["eventTypes"],
      enabled: endpoint?.enabled ?? true,
    },
  });
  const errors = form.formState.errors;

  async function submit(values: FormOutput) {
    if (endpoint) {
      const result = await updateWebhookEndpointAction({ id: endpoint.id, ...values });
      if (!result.ok) return applyActionError(form, result.error);
      toast.success("Endpoint saved");
      onSaved?.(endpoint.id);
      setOpen(false);
      return;
    }
    const result = await createWebhookEndpointAction(values);
    if (!result.ok) return applyActionError(form, result.error);
    toast.success("Endpoint added");
    setCreated({ id: result.data.id, secret: result.data.secret });
    onSaved?.(result.data.id);
  }

  useEffect(() => {
    if (created) secretInput.current?.select();
  }, [created]);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent size="md">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Endpoint added</DialogTitle>
              <DialogDescription>Configure your receiver with this signing secret to verify each delivery.</DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-4">
              <Alert variant="info" title="Verify every delivery">
                Pass the webhook-id, webhook-timestamp and webhook-signature headers and the raw body to a Standard Webhooks library (e.g. the
                standardwebhooks package). The secret stays available on the endpoint&apos;s page.
              </Alert>
              <Field label="Signing secret">
                <div className="flex gap-2">
                  <Input ref={secretInput} readOnly value={created.secret} className="font-mono text-[13px]" onFocus={(event) => event.currentTarget.select()} />
                  <CopyButton value={created.secret} label="Copy signing secret" showLabel variant="outline" size="md" toastMessage="Signing secret copied" />
                </div>
              </Field>
            </DialogBody>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
            <DialogHeader>
              <DialogTitle>{endpoint ? "Edit endpoint" : "Add endpoint"}</DialogTitle>
              <DialogDescription>
                Events of the {ENVIRONMENT_LABEL[env].toLowerCase()} environment are posted to this URL, signed, and retried for 24 hours until it answers 2xx.
              </DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-4">
              {env === "live" ? <LiveEditNotice what="webhook endpoints" /> : null}
              <Field label="Endpoint URL" required help="An http:// or https:// URL." error={errors.url?.message ? fieldMessage(errors.url.message) : undefined}>
                <Input type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/equinox" {...form.register("url")} />
              </Field>
              <Field label="Description" optional error={errors.description?.message}>
                <Input autoComplete="off" placeholder="CRM sync" {...form.register("description")} />
              </Field>
              <fieldset className="flex flex-col gap-2" aria-describedby={errors.eventTypes ? "event-types-error" : undefined}>
                <legend className="mb-1 text-sm font-medium">Events</legend>
                <Controller
                  control={form.control}
                  name="eventTypes"
                  render={({ field }) => (
                    <>
                      {WEBHOOK_EVENT_TYPES.map((type) => {
                        const checked = field.value?.includes(type) ?? false;
                        return (
                          <Field key={type} orientation="horizontal" label={<span className="font-mono text-[13px]">{type}</span>} help={WEBHOOK_EVENT_LABEL[type]}>
                            <Checkbox
                              checked={checked}
                              onCheckedChange={(value) =>
                                field.onChange(value === true ? [...(field.value ?? []), type] : (field.value ?? []).filter((other) => other !== type))
                              }
                            />
                          </Field>
                        );
                      })}
                    </>
                  )}
                />
                {errors.eventTypes?.message ? (
                  <p id="event-types-error" role="alert" className="text-sm text-destructive-ink">
                    {errors.eventTypes.message}
                  </p>
                ) : null}
              </fieldset>
              <Controller
                control={form.control}
                name="enabled"
                render={({ field }) => (
                  <Field orientation="horizontal" label="Enabled" help="A disabled endpoint receives nothing; deliveries waiting for a retry stop.">
                    <Switch checked={field.value ?? true} onCheckedChange={field.onChange} />
                  </Field>
                )}
              />
            </DialogBody>
            <DialogFormFooter submitting={form.formState.isSubmitting}>{endpoint ? "Save endpoint" : "Add endpoint"}</DialogFormFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
