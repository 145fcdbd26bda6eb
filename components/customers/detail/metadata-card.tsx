"use client";

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { z } from "zod";
import { Braces, Pencil } from "lucide-react";
import { metadataSchema } from "@/lib/customers/schemas";
import { updateCustomerAction } from "@/lib/customers/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";

// The editor holds text; it is valid when it parses as JSON and then passes the domain's metadata rule.
const metadataFormSchema = z.object({
  metadata: z.string().transform((text, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(text.trim() === "" ? "{}" : text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not valid JSON (${error instanceof Error ? error.message : "parse error"})` });
      return z.NEVER;
    }
    const checked = metadataSchema.safeParse(value);
    if (!checked.success) {
      ctx.addIssue({ code: "custom", message: checked.error.issues[0]?.message ?? "must be an object" });
      return z.NEVER;
    }
    return checked.data;
  }),
});

/**
 * The API merges metadata (a key set to null is removed); the editor shows the whole object, so a
 * key deleted in the editor is sent as null.
 */
function metadataPatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const removed = Object.keys(before).filter((key) => !(key in after));
  return { ...after, ...Object.fromEntries(removed.map((key) => [key, null])) };
}

export function MetadataCard({ customer }: { customer: CustomerDetailView }) {
  const [open, setOpen] = useState(false);
  const keys = Object.keys(customer.metadata);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Metadata</CardTitle>
        <CardDescription>Free-form JSON your application stores on the customer.</CardDescription>
        <CardAction>
          <Button variant="outline" size="sm" onClick={() => setOpen(true)}>
            <Pencil aria-hidden="true" />
            Edit
            <span className="sr-only"> metadata</span>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {keys.length === 0 ? (
          <p className="flex items-center gap-2 text-[13px] text-muted-foreground">
            <Braces className="size-4" aria-hidden="true" />
            No metadata.
          </p>
        ) : (
          <pre
            tabIndex={0}
            aria-label="Metadata JSON"
            className="max-h-64 overflow-auto rounded-md border border-border bg-subtle p-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap"
          >
            {JSON.stringify(customer.metadata, null, 2)}
          </pre>
        )}
      </CardContent>
      <MetadataDialog customer={customer} open={open} onOpenChange={setOpen} />
    </Card>
  );
}

function MetadataDialog({ customer, open, onOpenChange }: { customer: CustomerDetailView; open: boolean; onOpenChange: (open: boolean) => void }) {
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const form = useForm<z.input<typeof metadataFormSchema>, unknown, z.output<typeof metadataFormSchema>>({
    resolver: zodResolver(metadataFormSchema),
    defaultValues: { metadata: "" },
  });
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (open) form.reset({ metadata: JSON.stringify(customer.metadata, null, 2) });
  }, [open, form, customer.metadata]);

  async function submit({ metadata }: z.output<typeof metadataFormSchema>) {
    const result = await updateCustomerAction({ customer_id: customer.internalId, metadata: metadataPatch(customer.metadata, metadata) });
    if (!result.ok) return applyActionError(form, result.error);
    changed();
    toast.success("Metadata saved");
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Edit metadata</DialogTitle>
            <DialogDescription>A JSON object of at most 50 keys. Removing a key here removes it from the customer.</DialogDescription>
          </DialogHeader>
          <DialogBody>
            <Field label="Metadata (JSON)" error={errors.metadata?.message ? fieldMessage(errors.metadata.message) : undefined}>
              <Textarea rows={10} spellCheck={false} className="max-h-[50vh] font-mono text-xs leading-5" {...form.register("metadata")} />
            </Field>
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>Save metadata</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
