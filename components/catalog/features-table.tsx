"use client";

import { useState } from "react";
import { Archive, ArchiveRestore, Flag, MoreHorizontal, Pencil } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { FeatureView } from "@/lib/features/feature-view";
import { archiveFeatureAction } from "@/lib/features/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDate } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { FeatureFormDialog } from "./feature-form-dialog";
import { FEATURE_TYPE_LABEL } from "./feature-types";

export type FeaturesTableProps = { features: FeatureView[]; env: Env; canEdit: boolean; showingArchived: boolean; newButton?: React.ReactNode };

export function FeaturesTable({ features, env, canEdit, showingArchived, newButton }: FeaturesTableProps) {
  const [editing, setEditing] = useState<FeatureView | null>(null);
  const [archiving, setArchiving] = useState<FeatureView | null>(null);

  async function setArchived(feature: FeatureView, archived: boolean) {
    const result = await archiveFeatureAction({ featureId: feature.id, archived });
    if (!result.ok) {
      toastActionError(result.error, archived ? "Could not archive the feature" : "Could not restore the feature");
      return false;
    }
    toast.success(archived ? `Feature ${feature.name} archived` : `Feature ${feature.name} restored`);
    return true;
  }

  if (features.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={Flag}
          title={showingArchived ? "No features in this environment" : "No features yet"}
          description={
            canEdit
              ? "Features are what plans grant: a capability (SSO) or an amount of usage (messages, seats). Create the first one."
              : "An admin has not defined any features in this environment yet."
          }
          action={canEdit ? newButton : null}
        />
      </Card>
    );
  }

  return (
    <>
      <Card className="overflow-hidden">
        <Table aria-label="Features">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Feature id</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Event names</TableHead>
              <TableHead>Created</TableHead>
              {canEdit ? (
                <TableHead align="right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {features.map((feature) => (
              <TableRow key={feature.pk}>
                <TableCell className="font-medium">
                  <span className="flex items-center gap-2">
                    {feature.name}
                    {feature.archived ? <Badge variant="neutral">Archived</Badge> : null}
                  </span>
                </TableCell>
                <TableCell className="font-mono text-[13px]">{feature.id}</TableCell>
                <TableCell>{FEATURE_TYPE_LABEL[feature.type]}</TableCell>
                <TableCell className="max-w-64 truncate font-mono text-[13px] text-muted-foreground">
                  {feature.eventNames.length ? feature.eventNames.join(", ") : "—"}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(feature.createdAt)}</TableCell>
                {canEdit ? (
                  <TableCell align="right">
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${feature.name}`}>
                          <MoreHorizontal />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => setEditing(feature)}>
                          <Pencil aria-hidden="true" />
                          Edit
                        </DropdownMenuItem>
                        {feature.archived ? (
                          <DropdownMenuItem onSelect={() => void setArchived(feature, false)}>
                            <ArchiveRestore aria-hidden="true" />
                            Restore
                          </DropdownMenuItem>
                        ) : (
                          <DropdownMenuItem variant="destructive" onSelect={() => setArchiving(feature)}>
                            <Archive aria-hidden="true" />
                            Archive…
                          </DropdownMenuItem>
                        )}
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>

      {editing ? (
        <FeatureFormDialog key={editing.pk} env={env} feature={editing} open onOpenChange={(open) => !open && setEditing(null)} />
      ) : null}
      <ConfirmDialog
        open={archiving !== null}
        onOpenChange={(open) => !open && setArchiving(null)}
        title={`Archive ${archiving?.name ?? "feature"}?`}
        description="It can no longer be added to plans. Plans and customers that already have it keep it, and check and track keep answering for it. You can restore it later."
        confirmLabel="Archive feature"
        onConfirm={() => (archiving ? setArchived(archiving, true) : undefined)}
      />
    </>
  );
}
