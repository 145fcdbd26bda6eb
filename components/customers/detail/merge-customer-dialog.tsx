"use client";
// "Merge into…": pick the customer this one really is (search), see what would move and whether
// the merge is refused (the domain's own preview), confirm. The merged customer's page and ids
// then lead to the survivor. Opened from the card on the customer page, or preselected by a
// `?merge=<internal id>` link (the duplicate-email warning's "Merge into <name>…").
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftRight, Check } from "lucide-react";
import type { MergePlan } from "@/lib/customers/merge-customers";
import type { CustomerListPage } from "@/lib/customers/customer-list-page";
import { mergeCustomersAction } from "@/lib/customers/actions";
import { queryKeys } from "@/lib/query-keys";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogClose } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/utils/cn";
import type { CustomerDetailView } from "./customer-detail-types";

type Candidate = { internalId: string; id: string | null; name: string | null; email: string | null; pending: boolean };

const nameOf = (c: { name: string | null; id: string | null; email: string | null; internalId: string }) => c.name ?? c.id ?? c.email ?? c.internalId;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Mount it with a new `key` for each opening: it starts from `initialSurvivorId` every time. */
export function MergeCustomerDialog({
  customer,
  open,
  onOpenChange,
  initialSurvivorId,
}: {
  customer: CustomerDetailView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  initialSurvivorId?: string | null;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState(customer.email ?? "");
  const [survivorId, setSurvivorId] = useState<string | null>(initialSurvivorId ?? null);
  const [merging, setMerging] = useState(false);
  const term = useDebounced(search.trim());

  const candidates = useQuery({
    queryKey: queryKeys.customers.mergeSearch(customer.env, term),
    queryFn: ({ signal }) => fetchJson<CustomerListPage>(`/api/dashboard/customers?${new URLSearchParams({ q: term, size: "10" })}`, { signal }),
    enabled: open,
    staleTime: 10_000,
  });
  const rows: Candidate[] = (candidates.data?.rows ?? []).filter((row) => row.internalId !== customer.internalId);

  const preview = useQuery({
    queryKey: queryKeys.customers.mergePreview(customer.env, customer.internalId, survivorId ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<MergePlan>(`/api/dashboard/customers/${encodeURIComponent(customer.internalId)}/merge-preview?${new URLSearchParams({ into: survivorId ?? "" })}`, {
        signal,
      }),
    enabled: open && survivorId !== null,
    staleTime: 0,
  });
  const plan = survivorId ? preview.data : undefined;

  async function confirm() {
    if (!survivorId) return;
    setMerging(true);
    const result = await mergeCustomersAction({ customer_id: customer.internalId, into: survivorId });
    setMerging(false);
    if (!result.ok) {
      toastActionError(result.error, "Could not merge the customers");
      void preview.refetch();
      return;
    }
    const survivor = result.data;
    queryClient.removeQueries({ queryKey: queryKeys.customers.detail(customer.env, customer.internalId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(customer.env), refetchType: "none" });
    toast.success(`Merged into ${nameOf(survivor)}`, { description: `${nameOf({ ...customer })} now answers as ${survivor.id ?? survivor.internalId}.` });
    onOpenChange(false);
    router.push(`/customers/${survivor.internalId}`);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        <DialogHeader>
          <DialogTitle>Merge into another customer</DialogTitle>
          <DialogDescription>
            {nameOf(customer)}&apos;s plans, balances, usage, entities, metadata and Stripe link move to the customer you pick; its id keeps
            answering as that customer in the API.
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="flex flex-col gap-4">
          <Field label="Survivor" help="Search by id, name or email.">
            <Input
              type="search"
              autoComplete="off"
              spellCheck={false}
              placeholder="Search customers"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              aria-label="Search the survivor"
            />
          </Field>
          <div role="listbox" aria-label="Customers to merge into" className="flex max-h-56 flex-col overflow-y-auto rounded-lg border border-border">
            {candidates.isPending ? (
              <div className="flex flex-col gap-2 p-3">
                <Skeleton className="h-5 w-2/3" />
                <Skeleton className="h-5 w-1/2" />
              </div>
            ) : candidates.isError ? (
              <p className="p-3 text-sm text-destructive-ink">Could not search the customers.</p>
            ) : rows.length === 0 ? (
              <p className="p-3 text-sm text-muted-foreground">No other customer matches.</p>
            ) : (
              rows.map((row) => (
                <button
                  key={row.internalId}
                  type="button"
                  role="option"
                  aria-selected={row.internalId === survivorId}
                  onClick={() => setSurvivorId(row.internalId)}
                  className={cn(
                    "flex items-center gap-3 border-b border-border px-3 py-2 text-left text-sm last:border-b-0 hover:bg-muted/60 focus-visible:bg-muted/60 focus-visible:outline-none",
                    row.internalId === survivorId && "bg-muted",
                  )}
                >
                  <span className="flex min-w-0 flex-1 flex-col">
                    <span className="truncate font-medium">{nameOf(row)}</span>
                    <span className="truncate text-xs text-muted-foreground">
                      {row.pending ? "pending" : row.id}
                      {row.email ? ` · ${row.email}` : null}
                    </span>
                  </span>
                  {row.internalId === survivorId ? <Check aria-hidden="true" className="size-4 shrink-0" /> : null}
                </button>
              ))
            )}
          </div>
          {survivorId === null ? null : preview.isPending ? (
            <Skeleton className="h-24 w-full" />
          ) : preview.isError ? (
            <Alert variant="danger" title="Could not preview the merge">
              Try again, or pick another customer.
            </Alert>
          ) : plan ? (
            <MergePreview plan={plan} onSwap={() => router.push(`/customers/${plan.survivor.internalId}?merge=${encodeURIComponent(plan.merged.internalId)}`)} />
          ) : null}
        </DialogBody>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button onClick={confirm} loading={merging} disabled={!plan || plan.conflict !== null || merging}>
            Merge customers
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function MergePreview({ plan, onSwap }: { plan: MergePlan; onSwap: () => void }) {
  const { moves } = plan;
  const items = [
    moves.plans.length > 0 ? `${plural(moves.plans.length, "plan")} (${moves.plans.join(", ")})` : null,
    moves.balances > 0 ? plural(moves.balances, "balance") : null,
    moves.usageEvents > 0 ? plural(moves.usageEvents, "usage event") : null,
    moves.entities > 0 ? plural(moves.entities, "entity", "entities") : null,
    moves.invitations > 0 ? plural(moves.invitations, "invitation") : null,
    moves.metadataKeys.length > 0 ? `metadata: ${moves.metadataKeys.join(", ")}` : null,
    moves.stripeLink ? `the Stripe link (${plan.merged.stripeId})` : null,
    moves.portalUser ? "the portal user's sign-in" : null,
  ].filter((item): item is string => item !== null);
  if (plan.conflict) {
    return (
      <Alert variant="danger" title="These customers cannot be merged" data-testid="merge-conflict">
        <p>{plan.conflict.message}</p>
        {plan.conflict.reason === "survivor_pending" ? (
          <Button variant="outline" size="sm" className="mt-2" onClick={onSwap}>
            <ArrowLeftRight aria-hidden="true" />
            Merge the other way
          </Button>
        ) : null}
      </Alert>
    );
  }
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-border p-3 text-sm" data-testid="merge-preview">
      <p>
        <span className="font-medium">{nameOf(plan.merged)}</span> is merged into <span className="font-medium">{nameOf(plan.survivor)}</span>
        {plan.survivor.id ? <span className="font-mono text-xs"> ({plan.survivor.id})</span> : null}, which keeps its id, name and email.
      </p>
      {items.length > 0 ? (
        <ul className="ml-4 list-disc text-muted-foreground">
          {items.map((item) => (
            <li key={item}>Moves {item}</li>
          ))}
        </ul>
      ) : (
        <p className="text-muted-foreground">Nothing else to move.</p>
      )}
      {plan.replaced.map((r) => (
        <p key={`${r.customer}-${r.planId}`} className="text-muted-foreground">
          {r.customer === "merged" ? nameOf(plan.merged) : nameOf(plan.survivor)}&apos;s plan {r.planId} ends (replaced by {r.by}); its usage carries over.
        </p>
      ))}
    </div>
  );
}
