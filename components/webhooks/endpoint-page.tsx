"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Eye, RefreshCw, Send } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { WebhookEndpointSummary } from "@/lib/webhooks-out/endpoints";
import type { WebhookDeliveryView } from "@/lib/webhooks-out/deliveries";
import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  revealWebhookSecretAction,
  rotateWebhookSecretAction,
  sendTestWebhookEventAction,
} from "@/lib/webhooks-out/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDateTime, formatRelative } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { DeliveryStatusBadge } from "./delivery-status-badge";
import { EndpointDialog } from "./endpoint-dialog";

export type EndpointPageProps = { env: Env; endpoint: WebhookEndpointSummary; deliveries: WebhookDeliveryView[]; hasMore: boolean };

/** One endpoint: its settings, signing secret, test event and delivery log (with resend). */
export function EndpointPage({ env, endpoint, deliveries, hasMore }: EndpointPageProps) {
  const router = useRouter();
  const [editing, setEditing] = useState(0);
  const [editOpen, setEditOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [testing, setTesting] = useState(false);
  const [viewing, setViewing] = useState<WebhookDeliveryView | null>(null);

  async function sendTest() {
    setTesting(true);
    try {
      const result = await sendTestWebhookEventAction({ id: endpoint.id });
      if (!result.ok) return toastActionError(result.error, "Could not send the test event");
      if (result.data.status === "succeeded") toast.success("Test event delivered", { description: `HTTP ${result.data.responseStatus} in ${result.data.durationMs} ms` });
      else toast.error("The test event was not delivered", { description: result.data.lastError ?? undefined });
      router.refresh();
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    const result = await deleteWebhookEndpointAction({ id: endpoint.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not delete the endpoint");
      return false;
    }
    toast.success("Endpoint deleted");
    router.push("/webhooks");
    return true;
  }

  return (
    <>
      <PageHeader
        back={{ href: "/webhooks", label: "Webhooks" }}
        title={<span className="font-mono text-lg break-all">{endpoint.url}</span>}
        description={endpoint.description ?? undefined}
        meta={
          endpoint.enabled ? (
            <Badge variant="success" dot>
              Enabled
            </Badge>
          ) : (
            <Badge variant="neutral">Disabled</Badge>
          )
        }
        actions={
          <>
            <Button variant="outline" onClick={sendTest} disabled={testing || !endpoint.enabled}>
              <Send aria-hidden="true" />
              {testing ? "Sending…" : "Send test event"}
            </Button>
            <Button
              variant="outline"
              onClick={() => {
                setEditing((n) => n + 1);
                setEditOpen(true);
              }}
            >
              Edit
            </Button>
            <Button variant="outline" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Events</CardTitle>
            <CardDescription>Delivered here as they happen; the test event always is.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-1.5">
            {endpoint.eventTypes.map((type) => (
              <Badge key={type} variant="outline" className="font-mono">
                {type}
              </Badge>
            ))}
          </CardContent>
        </Card>
        <SigningSecretCard endpoint={endpoint} />
      </div>
      <DeliveryLog deliveries={deliveries} hasMore={hasMore} onView={setViewing} />
      <DeliveryDialog delivery={viewing} onClose={() => setViewing(null)} onResent={() => router.refresh()} />
      <EndpointDialog key={editing} env={env} open={editOpen} onOpenChange={setEditOpen} endpoint={endpoint} onSaved={() => router.refresh()} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title="Delete this endpoint?"
        description="It receives nothing from now on, deliveries waiting for a retry stop, and its delivery log is deleted."
        confirmLabel="Delete endpoint"
        onConfirm={remove}
      />
    </>
  );
}

function SigningSecretCard({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);

  async function reveal() {
    const result = await revealWebhookSecretAction({ id: endpoint.id });
    if (!result.ok) return toastActionError(result.error, "Could not reveal the secret");
    setSecret(result.data.secret);
  }

  async function rotate() {
    const result = await rotateWebhookSecretAction({ id: endpoint.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not rotate the secret");
      return false;
    }
    setSecret(result.data.secret);
    toast.success("Signing secret rotated", { description: "Deliveries are signed with the new secret from now on." });
    return true;
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Signing secret</CardTitle>
        <CardDescription>Your receiver verifies each delivery with it (Standard Webhooks).</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex gap-2">
          <Input readOnly aria-label="Signing secret" value={secret ?? `${endpoint.secretPreview}••••••••`} className="font-mono text-[13px]" onFocus={(event) => event.currentTarget.select()} />
          {secret ? (
            <CopyButton value={secret} label="Copy signing secret" variant="outline" size="md" toastMessage="Signing secret copied" />
          ) : (
            <Button variant="outline" onClick={reveal}>
              <Eye aria-hidden="true" />
              Reveal
            </Button>
          )}
        </div>
        <Button variant="ghost" size="sm" className="self-start" onClick={() => setRotating(true)}>
          <RefreshCw aria-hidden="true" />
          Rotate secret
        </Button>
      </CardContent>
      <ConfirmDialog
        open={rotating}
        onOpenChange={setRotating}
        title="Rotate the signing secret?"
        description="Deliveries are signed with a new secret from now on: your receiver rejects them until it has the new one."
        confirmLabel="Rotate secret"
        onConfirm={rotate}
      />
    </Card>
  );
}

function DeliveryLog({ deliveries, hasMore, onView }: { deliveries: WebhookDeliveryView[]; hasMore: boolean; onView: (delivery: WebhookDeliveryView) => void }) {
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Deliveries</CardTitle>
        <CardDescription>
          Newest first{hasMore ? ` (the latest ${deliveries.length})` : ""}. A failed attempt is retried after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h, until 24 hours after the
          first.
        </CardDescription>
      </CardHeader>
      {deliveries.length === 0 ? (
        <EmptyState icon={Send} title="No deliveries yet" description="Events of this environment appear here as they are sent. Send a test event to try the endpoint." />
      ) : (
        <Table aria-label="Deliveries">
          <TableHeader>
            <TableRow>
              <TableHead>Event</TableHead>
              <TableHead>Status</TableHead>
              <TableHead align="right">Response</TableHead>
              <TableHead align="right">Duration</TableHead>
              <TableHead align="right">Attempts</TableHead>
              <TableHead>Next retry</TableHead>
              <TableHead>Created</TableHead>
              <TableHead align="right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-delivery-id={delivery.id}>
                <TableCell>
                  <span className="block font-mono text-[13px]">{delivery.eventType}</span>
                  <span className="block font-mono text-xs text-muted-foreground">
                    {delivery.eventId}
                    {delivery.resendOfId ? " · resend" : ""}
                  </span>
                </TableCell>
                <TableCell>
                  <DeliveryStatusBadge delivery={delivery} />
                </TableCell>
                <TableCell align="right" className="font-mono text-[13px]">
                  {delivery.responseStatus ?? <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell align="right" className="whitespace-nowrap">
                  {delivery.durationMs !== null ? `${delivery.durationMs} ms` : <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell align="right">{delivery.attempts}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {delivery.status === "pending" && delivery.nextAttemptAt ? (
                    <span title={formatDateTime(delivery.nextAttemptAt)}>{formatDateTime(delivery.nextAttemptAt)}</span>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <span title={formatDateTime(delivery.createdAt)}>{formatRelative(delivery.createdAt)}</span>
                </TableCell>
                <TableCell align="right">
                  <Button variant="outline" size="sm" onClick={() => onView(delivery)} aria-label={`View delivery ${delivery.id}`}>
                    View
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function DeliveryDialog({ delivery, onClose, onResent }: { delivery: WebhookDeliveryView | null; onClose: () => void; onResent: () => void }) {
  const [resending, setResending] = useState(false);

  async function resend() {
    if (!delivery) return;
    setResending(true);
    try {
      const result = await resendWebhookDeliveryAction({ id: delivery.id });
      if (!result.ok) return toastActionError(result.error, "Could not resend");
      if (result.data.status === "succeeded") toast.success("Resent and delivered", { description: `HTTP ${result.data.responseStatus} in ${result.data.durationMs} ms` });
      else toast.error("Resent, not delivered yet", { description: result.data.lastError ?? undefined });
      onClose();
      onResent();
    } finally {
      setResending(false);
    }
  }

  const body = delivery ? JSON.stringify(delivery.payload, null, 2) : "";
  return (
    <Dialog open={delivery !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent size="lg">
        <DialogHeader>
          <DialogTitle>{delivery?.eventType ?? "Delivery"}</DialogTitle>
          <DialogDescription className="font-mono">{delivery?.eventId}</DialogDescription>
        </DialogHeader>
        {delivery ? (
          <DialogBody className="flex flex-col gap-4 text-sm">
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5">
              <dt className="text-muted-foreground">Status</dt>
              <dd>
                <DeliveryStatusBadge delivery={delivery} />
              </dd>
              <dt className="text-muted-foreground">Response code</dt>
              <dd className="font-mono">{delivery.responseStatus ?? "—"}</dd>
              <dt className="text-muted-foreground">Duration</dt>
              <dd>{delivery.durationMs !== null ? `${delivery.durationMs} ms` : "—"}</dd>
              <dt className="text-muted-foreground">Attempts</dt>
              <dd>{delivery.attempts}</dd>
              <dt className="text-muted-foreground">Last attempt</dt>
              <dd>{delivery.lastAttemptAt ? formatDateTime(delivery.lastAttemptAt) : "—"}</dd>
              <dt className="text-muted-foreground">Next retry</dt>
              <dd>{delivery.status === "pending" && delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : "—"}</dd>
              {delivery.lastError ? (
                <>
                  <dt className="text-muted-foreground">Error</dt>
                  <dd className="text-destructive-ink">{delivery.lastError}</dd>
                </>
              ) : null}
            </dl>
            <section aria-label="Response body">
              <h3 className="mb-1 font-medium">Response body</h3>
              <pre className="max-h-40 overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap">{delivery.responseBody || "(empty)"}</pre>
            </section>
            <section aria-label="Payload">
              <div className="mb-1 flex items-center justify-between">
                <h3 className="font-medium">Payload</h3>
                <CopyButton value={body} label="Copy payload" variant="ghost" size="sm" toastMessage="Payload copied" />
              </div>
              <pre className="max-h-72 overflow-auto rounded-md bg-muted p-3 font-mono text-xs">{body}</pre>
            </section>
          </DialogBody>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Close
          </Button>
          <Button onClick={resend} disabled={resending}>
            <RefreshCw aria-hidden="true" />
            {resending ? "Resending…" : "Resend"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
