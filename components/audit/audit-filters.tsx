"use client";

import { useEffect, useRef, useState } from "react";
import { Search, X } from "lucide-react";
import { AUDIT_ACTOR_KINDS, AUDIT_ACTOR_KIND_LABEL } from "@/lib/audit/schemas";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export type AuditFilterValues = { actor: string; actorKind: (typeof AUDIT_ACTOR_KINDS)[number] | null; action: string; customer: string };

/** Suggestions for the action filter (any beginning works: `customer` matches `customer_plan.*` too). */
const KNOWN_ACTIONS = [
  "customer.", "customer.created", "customer.updated", "customer.claimed", "customer.linked", "customer.deleted", "customer.owner_changed", "customer.invitation_sent", "customer.invitation_revoked",
  "customer_plan.", "customer_plan.enabled", "customer_plan.replaced", "customer_plan.canceled", "customer_plan.removed", "customer_plan.expired", "customer_plan.migrated",
  "balance.adjusted",
  "plan.", "plan.created", "plan.updated", "plan.archived", "plan.deleted",
  "feature.", "feature.created", "feature.updated", "feature.archived", "feature.deleted",
  "api_key.", "api_key.created", "api_key.revoked",
  "staff.", "staff.added", "staff.role_changed", "staff.access_removed", "staff.signed_out_everywhere",
];

/** A text filter that updates the URL 300 ms after typing stops (one request per pause, not per key). */
function TextFilter({ id, label, placeholder, value, onCommit, mono, list }: { id: string; label: string; placeholder: string; value: string; onCommit: (value: string) => void; mono?: boolean; list?: string }) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const committed = useRef(value);

  // Follow outside changes (Clear filters, back/forward) without clobbering what is being typed.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return (
    <div className="grid min-w-0 gap-1">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <div className="relative">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input
          id={id}
          inputSize="sm"
          list={list}
          className={mono ? "pl-8 font-mono" : "pl-8"}
          placeholder={placeholder}
          value={draft}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            const next = event.target.value;
            setDraft(next);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => {
              committed.current = next.trim();
              onCommit(next.trim());
            }, 300);
          }}
        />
      </div>
    </div>
  );
}

export function AuditFilters({ values, onChange }: { values: AuditFilterValues; onChange: (next: Partial<AuditFilterValues>) => void }) {
  const active = Boolean(values.actor || values.actorKind || values.action || values.customer);
  return (
    <div role="search" aria-label="Filter the audit log" className="mb-4 grid grid-cols-[repeat(auto-fit,minmax(11rem,1fr))] items-end gap-3">
      <div className="grid gap-1">
        <Label htmlFor="audit-actor-kind" className="text-xs text-muted-foreground">
          Actor type
        </Label>
        <Select value={values.actorKind ?? "all"} onValueChange={(value) => onChange({ actorKind: value === "all" ? null : (value as AuditFilterValues["actorKind"]) })}>
          <SelectTrigger id="audit-actor-kind" size="sm">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All actors</SelectItem>
            {AUDIT_ACTOR_KINDS.map((kind) => (
              <SelectItem key={kind} value={kind}>
                {AUDIT_ACTOR_KIND_LABEL[kind]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <TextFilter id="audit-actor" label="Actor" placeholder="Email or key name" value={values.actor} onCommit={(actor) => onChange({ actor })} />
      <TextFilter id="audit-action" label="Action" placeholder="e.g. plan. or api_key.revoked" value={values.action} onCommit={(action) => onChange({ action })} mono list="audit-known-actions" />
      <TextFilter id="audit-customer" label="Customer" placeholder="Id, external id or email" value={values.customer} onCommit={(customer) => onChange({ customer })} />
      <datalist id="audit-known-actions">
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      {active ? (
        <div>
          <Button variant="ghost" size="sm" onClick={() => onChange({ actor: "", actorKind: null, action: "", customer: "" })}>
            <X aria-hidden="true" />
            Clear filters
          </Button>
        </div>
      ) : null}
    </div>
  );
}
