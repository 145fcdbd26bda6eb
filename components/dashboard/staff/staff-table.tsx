"use client";

import { useState } from "react";
import { Mail, MoreHorizontal, ShieldCheck, ShieldMinus, UserX } from "lucide-react";
import type { StaffMember } from "@/lib/staff/staff-member";
import { STAFF_ROLE_LABEL } from "@/lib/staff/schemas";
import { changeStaffRoleAction, removeStaffAccessAction, resendInvitationAction } from "@/lib/staff/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDate } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";

type Pending = { member: StaffMember; kind: "demote" | "remove" } | null;

export function StaffTable({ members, currentUserId }: { members: StaffMember[]; currentUserId: string }) {
  const [confirming, setConfirming] = useState<Pending>(null);

  async function changeRole(member: StaffMember, role: "admin" | "staff") {
    const result = await changeStaffRoleAction({ userId: member.id, role });
    if (!result.ok) {
      toastActionError(result.error, "Could not change the role");
      return false;
    }
    toast.success(`${member.email} is now ${role === "admin" ? "an admin" : "staff"}`);
    return true;
  }

  async function remove(member: StaffMember) {
    const result = await removeStaffAccessAction({ userId: member.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not remove access");
      return false;
    }
    toast.success(`${member.email} no longer has dashboard access`);
    return true;
  }

  async function resend(member: StaffMember) {
    const result = await resendInvitationAction({ userId: member.id });
    if (!result.ok) return toastActionError(result.error, "Could not send the invitation");
    toast.success(`Invitation sent again to ${member.email}`);
  }

  const self = confirming?.member.id === currentUserId;

  return (
    <>
      <Card className="overflow-hidden">
        <Table aria-label="Staff">
          <TableHeader>
            <TableRow>
              <TableHead>Member</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Added</TableHead>
              <TableHead align="right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((member) => (
              <TableRow key={member.id} data-email={member.email}>
                <TableCell>
                  <span className="block font-medium">
                    {member.name ?? member.email}
                    {member.id === currentUserId ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
                  </span>
                  {member.name ? <span className="block text-xs text-muted-foreground">{member.email}</span> : null}
                </TableCell>
                <TableCell>
                  <Badge variant={member.role === "admin" ? "info" : "neutral"}>{STAFF_ROLE_LABEL[member.role]}</Badge>
                </TableCell>
                <TableCell>
                  {member.status === "active" ? (
                    <Badge variant="success" dot>
                      Active
                    </Badge>
                  ) : (
                    <Badge variant="pending" dot>
                      Invited
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(member.createdAt)}</TableCell>
                <TableCell align="right">
                  <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${member.email}`}>
                        <MoreHorizontal />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      {member.role === "staff" ? (
                        <DropdownMenuItem onSelect={() => void changeRole(member, "admin")}>
                          <ShieldCheck aria-hidden="true" />
                          Make admin
                        </DropdownMenuItem>
                      ) : (
                        <DropdownMenuItem onSelect={() => setConfirming({ member, kind: "demote" })}>
                          <ShieldMinus aria-hidden="true" />
                          Make staff…
                        </DropdownMenuItem>
                      )}
                      {member.status === "invited" ? (
                        <DropdownMenuItem onSelect={() => void resend(member)}>
                          <Mail aria-hidden="true" />
                          Resend invitation
                        </DropdownMenuItem>
                      ) : null}
                      <DropdownMenuSeparator />
                      <DropdownMenuItem variant="destructive" onSelect={() => setConfirming({ member, kind: "remove" })}>
                        <UserX aria-hidden="true" />
                        Remove access…
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={
          confirming?.kind === "remove"
            ? self
              ? "Remove your own access?"
              : `Remove ${confirming.member.email}'s access?`
            : self
              ? "Give up your admin role?"
              : `Make ${confirming?.member.email ?? ""} staff?`
        }
        description={
          confirming?.kind === "remove"
            ? "They can no longer open the dashboard, from the next page they load. Their history in the audit log stays."
            : "Staff work with customers and the audit log but cannot manage staff, API keys or the catalog."
        }
        destructive={confirming?.kind === "remove"}
        confirmLabel={confirming?.kind === "remove" ? "Remove access" : "Make staff"}
        onConfirm={() => (confirming ? (confirming.kind === "remove" ? remove(confirming.member) : changeRole(confirming.member, "staff")) : undefined)}
      />
    </>
  );
}
