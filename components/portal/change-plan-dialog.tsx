"use client";
// "Change plan" in the portal: the plans of the same group the customer may switch to, and for the
// chosen one what it means (the domain's preview: due today, the next cycle, when it takes
// effect), then the switch. An upgrade starts now with proration; a downgrade waits for the
// period's end. Radio cards (arrow keys choose) inside a Radix dialog, as the portal's other dialogs.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { PortalPlanResult } from "@/lib/portal/portal-plan-billing";
import type { PortalChangePreview, PortalPlanOption, PortalPreviewResult } from "@/lib/portal/portal-plan-change";
import { currencyDigits, formatMoney } from "@/components/dashboard/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { RadioCards } from "@/components/ui/radio-cards";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { dateText, priceText } from "./portal-format";

/** A switch: the customer plan (its id, checked by the server) and the plan of its group to move to. */
export type PlanChange = { customerPlanId: string; planId: string };

export type ChangePlanHandlers = {
  preview: (change: PlanChange) => Promise<PortalPreviewResult>;
  change: (change: PlanChange) => Promise<PortalPlanResult>;
};

export type ChangePlanDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  planKey: string;
  planName: string;
  options: PortalPlanOption[];
  actions: ChangePlanHandlers;
};

const FAILED = "Something went wrong on our side. Try again in a moment.";

/** The preview's amounts are in major units (as the API's); formatMoney takes minor ones. */
const money = (major: number, currency: string) => formatMoney(Math.round(major * 10 ** currencyDigits(currency)), currency);

type PreviewState = { status: "loading" } | { status: "ready"; preview: PortalChangePreview } | { status: "error"; message: string };

export function ChangePlanDialog({ open, onOpenChange, planKey, planName, options, actions }: ChangePlanDialogProps) {
  const [chosen, setChosen] = useState<string>(options[0]?.planId ?? "");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The preview follows the choice; never reused (it is priced at the moment it is asked).
  const previewQuery = useQuery({
    queryKey: ["portal", "change-plan-preview", planKey, chosen],
    queryFn: () => actions.preview({ customerPlanId: planKey, planId: chosen }),
    enabled: open && chosen !== "",
    staleTime: 0,
    gcTime: 0,
  });
  const preview: PreviewState = previewQuery.isPending
    ? { status: "loading" }
    : previewQuery.isError
      ? { status: "error", message: FAILED }
      : previewQuery.data.ok
        ? { status: "ready", preview: previewQuery.data.preview }
        : { status: "error", message: previewQuery.data.message };

  const option = options.find((o) => o.planId === chosen);

  async function confirm() {
    if (!option) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await actions.change({ customerPlanId: planKey, planId: option.planId });
      if (!result.ok) {
        setError(result.message);
      } else if (result.url) {
        window.location.assign(result.url);
      } else {
        toast.success(option.direction === "upgrade" ? `You are now on ${option.name}` : `${option.name} is scheduled`);
        onOpenChange(false);
      }
    } catch {
      setError(FAILED);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={submitting ? undefined : onOpenChange}>
      <DialogContent size="md">
        <DialogHeader>
          <DialogTitle>Change {planName}</DialogTitle>
          <DialogDescription>An upgrade starts now and you pay the difference for the rest of this period. A downgrade starts when this period ends.</DialogDescription>
        </DialogHeader>
        <DialogBody className="flex flex-col gap-4">
          <RadioCards
            legend="Switch to"
            layout="stack"
            value={chosen}
            onChange={(value) => {
              setChosen(value);
              setError(null);
            }}
            options={options.map((o) => ({
              value: o.planId,
              label: o.name,
              description: `${priceText(o.price, false)} · ${o.direction === "upgrade" ? "Upgrade" : "Downgrade"}`,
            }))}
          />
          <section aria-label="What changes" aria-live="polite" aria-busy={preview.status === "loading"} className="rounded-md border border-border p-3 text-sm">
            {preview.status === "loading" ? (
              <p className="flex items-center gap-2 text-muted-foreground">
                <Spinner />
                Working out what this costs…
              </p>
            ) : preview.status === "error" ? (
              <p className="text-destructive-ink">{preview.message}</p>
            ) : (
              <PreviewSummary preview={preview.preview} />
            )}
          </section>
          {error ? (
            <Alert variant="danger" title="That did not work">
              {error}
            </Alert>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={submitting}>
              Keep {planName}
            </Button>
          </DialogClose>
          <Button onClick={confirm} loading={submitting} disabled={submitting || preview.status !== "ready"}>
            {option ? `Switch to ${option.name}` : "Switch"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function PreviewSummary({ preview }: { preview: PortalChangePreview }) {
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
      <dt className="text-muted-foreground">Takes effect</dt>
      <dd>{preview.effectiveAt === null ? "Now" : dateText(preview.effectiveAt)}</dd>
      {preview.lines.map((line, index) => (
        <div key={index} className="contents">
          <dt className="text-muted-foreground">{line.description}</dt>
          <dd className="numeric text-right">{money(line.total, preview.currency)}</dd>
        </div>
      ))}
      <dt className="font-medium">Due today</dt>
      <dd className="numeric text-right font-medium">{money(preview.dueToday, preview.currency)}</dd>
      {preview.nextCycle ? (
        <>
          <dt className="text-muted-foreground">Next cycle, from {dateText(preview.nextCycle.startsAt)}</dt>
          <dd className="numeric text-right">{money(preview.nextCycle.total, preview.currency)}</dd>
        </>
      ) : null}
    </dl>
  );
}
