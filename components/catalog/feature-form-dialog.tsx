"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import type { Env } from "@/lib/generated/prisma";
import type { FeatureView } from "@/lib/features/feature-view";
import { createFeatureSchema } from "@/lib/features/schemas";
import { createFeatureAction, updateFeatureAction } from "@/lib/features/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { EventNamesInput } from "./event-names-input";
import { FEATURE_TYPES } from "./feature-types";

type FeatureFormInput = z.input<typeof createFeatureSchema>;
type FeatureFormOutput = z.output<typeof createFeatureSchema>;

export type FeatureFormDialogProps = {
  env: Env;
  /** Edit this feature; without it the dialog creates one. */
  feature?: FeatureView;
  /** The button that opens the dialog. */
  trigger?: React.ReactElement;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
};

const errorText = (error?: { message?: string }) => (error?.message ? fieldMessage(error.message) : undefined);

/** Create or edit a feature. The id and type are fixed once created (grants and usage depend on them). */
export function FeatureFormDialog({ env, feature, trigger, open: openProp, onOpenChange }: FeatureFormDialogProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const editing = Boolean(feature);
  const defaults: FeatureFormInput = feature
    ? { featureId: feature.id, name: feature.name, type: feature.type, eventNames: feature.eventNames }
    : { featureId: "", name: "", type: "single_use", eventNames: [] };
  const form = useForm<FeatureFormInput, unknown, FeatureFormOutput>({ resolver: zodResolver(createFeatureSchema), defaultValues: defaults });
  const { errors, isSubmitting } = form.formState;

  function setOpen(next: boolean) {
    if (next) form.reset(defaults);
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  }

  async function submit(values: FeatureFormOutput) {
    const result = feature
      ? await updateFeatureAction({ featureId: feature.id, name: values.name, eventNames: values.eventNames })
      : await createFeatureAction(values);
    if (!result.ok) return applyActionError(form, result.error);
    toast.success(editing ? `Feature ${result.data.name} saved` : `Feature ${result.data.name} created`);
    setOpen(false);
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent size="md">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>{editing ? `Edit ${feature!.name}` : "New feature"}</DialogTitle>
            <DialogDescription>
              {editing ? "The id and the type cannot change once customers may depend on them." : "Something your plans grant: a capability or an amount of usage."}
            </DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            {env === "live" ? <LiveEditNotice what="catalog" /> : null}
            <Field label="Name" required error={errorText(errors.name)}>
              <Input autoComplete="off" placeholder="Messages" {...form.register("name")} />
            </Field>
            <Field
              label="Feature id"
              required
              help="What your code uses with check and track. Letters, digits, _ and -."
              error={errorText(errors.featureId)}
            >
              <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="messages" disabled={editing} {...form.register("featureId")} />
            </Field>
            <Controller
              control={form.control}
              name="type"
              render={({ field }) => (
                <Field label="Type" required help={FEATURE_TYPES.find((t) => t.value === field.value)?.description} error={errorText(errors.type)}>
                  <Select value={field.value} onValueChange={field.onChange} disabled={editing}>
                    <SelectTrigger onBlur={field.onBlur}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {FEATURE_TYPES.map((type) => (
                        <SelectItem key={type.value} value={type.value}>
                          {type.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </Field>
              )}
            />
            <Controller
              control={form.control}
              name="eventNames"
              render={({ field }) => (
                <Field
                  label="Event names"
                  optional
                  help="track calls with one of these event_name values count against this feature."
                  error={errorText(errors.eventNames as { message?: string } | undefined)}
                >
                  <EventNamesInput value={field.value ?? []} onChange={field.onChange} onBlur={field.onBlur} />
                </Field>
              )}
            />
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>{editing ? "Save feature" : "Create feature"}</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
