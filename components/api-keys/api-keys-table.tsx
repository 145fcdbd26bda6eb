"use client";

import { useState } from "react";
import { KeyRound } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { ApiKeySummary } from "@/lib/api-keys/list-api-keys";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDate, formatDateTime, formatRelative } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";

export function ApiKeysTable({ keys, env, createButton }: { keys: ApiKeySummary[]; env: Env; createButton: React.ReactNode }) {
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);

  async function revoke(key: ApiKeySummary) {
    const result = await revokeApiKeyAction({ id: key.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not revoke the key");
      return false;
    }
    toast.success(`API key ${key.name} revoked`, { description: "Requests with it are refused from now on." });
    return true;
  }

  if (keys.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={KeyRound}
          title={`No API keys in ${ENVIRONMENT_LABEL[env].toLowerCase()}`}
          description="Your application needs a secret key to call the Equinox API (check, track, customers…). Create one and store it with your application's secrets."
          action={createButton}
        />
      </Card>
    );
  }

  return (
    <>
      <Card className="overflow-hidden">
        <Table aria-label="API keys">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Environment</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Status</TableHead>
              <TableHead align="right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.id} data-key-id={key.id} className={key.status === "revoked" ? "text-muted-foreground" : undefined}>
                <TableCell className="font-medium">{key.name}</TableCell>
                <TableCell className="font-mono text-[13px]">{key.prefix}</TableCell>
                <TableCell>
                  <Badge variant={key.env === "live" ? "live" : "neutral"} dot={key.env === "live"}>
                    {ENVIRONMENT_LABEL[key.env]}
                  </Badge>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <span title={formatDateTime(key.createdAt)}>{formatDate(key.createdAt)}</span>
                  {key.createdBy ? <span className="block text-xs text-muted-foreground">by {key.createdBy}</span> : null}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {key.lastUsedAt ? <span title={formatDateTime(key.lastUsedAt)}>{formatRelative(key.lastUsedAt)}</span> : <span className="text-muted-foreground">Never</span>}
                </TableCell>
                <TableCell>
                  {key.status === "active" ? (
                    <Badge variant="success" dot>
                      Active
                    </Badge>
                  ) : (
                    <Badge variant="neutral" title={key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : undefined}>
                      Revoked
                    </Badge>
                  )}
                </TableCell>
                <TableCell align="right">
                  {key.status === "active" ? (
                    <Button variant="outline" size="sm" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? "this key"}?`}
        description="Every request that uses it is refused from now on, on every server. This cannot be undone: to restore access, create a new key and deploy it."
        confirmText={revoking?.env === "live" ? revoking.name : undefined}
        confirmLabel="Revoke key"
        onConfirm={() => (revoking ? revoke(revoking) : undefined)}
      />
    </>
  );
}
