"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Plus, Webhook } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { WebhookEndpointSummary } from "@/lib/webhooks-out/endpoints";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";
import { formatDate, formatDateTime } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EndpointDialog } from "./endpoint-dialog";

/** The Webhooks page: this environment's endpoints, and the dialog that adds one. */
export function WebhooksScreen({ endpoints, env }: { endpoints: WebhookEndpointSummary[]; env: Env }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(0);
  const openDialog = () => {
    setOpened((n) => n + 1);
    setOpen(true);
  };
  const addButton = (label = "Add endpoint") => (
    <Button onClick={openDialog}>
      <Plus aria-hidden="true" />
      {label}
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Endpoints of your systems that hear of customer changes as they happen, signed with Standard Webhooks. These belong to the ${ENVIRONMENT_LABEL[env].toLowerCase()} environment and only receive its events.`}
        actions={endpoints.length > 0 ? addButton() : undefined}
      />
      {endpoints.length === 0 ? (
        <Card>
          <EmptyState
            icon={Webhook}
            title={`No webhook endpoints in ${ENVIRONMENT_LABEL[env].toLowerCase()}`}
            description="Add the URL of a receiver to hear of new, claimed and updated customers, plan changes and balances that run out."
            action={addButton("Add the first endpoint")}
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <Table aria-label="Webhook endpoints">
            <TableHeader>
              <TableRow>
                <TableHead>Endpoint</TableHead>
                <TableHead>Events</TableHead>
                <TableHead>Last 24 hours</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {endpoints.map((endpoint) => (
                <TableRow key={endpoint.id} data-endpoint-id={endpoint.id}>
                  <TableCell className="max-w-[28rem]">
                    <Link href={`/webhooks/${endpoint.id}`} className="block truncate font-mono text-[13px] font-medium hover:underline focus-visible:underline">
                      {endpoint.url}
                    </Link>
                    {endpoint.description ? <span className="block truncate text-xs text-muted-foreground">{endpoint.description}</span> : null}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    {endpoint.eventTypes.length === 1 ? <span className="font-mono text-[13px]">{endpoint.eventTypes[0]}</span> : `${endpoint.eventTypes.length} events`}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {endpoint.recent.succeeded} delivered
                    {endpoint.recent.failed > 0 ? <span className="text-destructive-ink"> · {endpoint.recent.failed} failed</span> : null}
                    {endpoint.recent.pending > 0 ? ` · ${endpoint.recent.pending} retrying` : null}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <span title={formatDateTime(endpoint.createdAt)}>{formatDate(endpoint.createdAt)}</span>
                  </TableCell>
                  <TableCell>
                    {endpoint.enabled ? (
                      <Badge variant="success" dot>
                        Enabled
                      </Badge>
                    ) : (
                      <Badge variant="neutral">Disabled</Badge>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      <EndpointDialog key={opened} env={env} open={open} onOpenChange={setOpen} onSaved={() => router.refresh()} />
    </>
  );
}
