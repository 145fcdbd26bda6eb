import { Boxes } from "lucide-react";
import type { CustomerEntitiesView } from "@/lib/entities/list-customer-entities";
import { formatDate, formatNumber } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** The customer's entities (seats, workspaces), each with its own balances of per-entity features. */
export function EntitiesCard({ entities }: { entities: CustomerEntitiesView }) {
  const hidden = entities.total - entities.entities.length;
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Entities</CardTitle>
        <CardDescription>Seats, workspaces and other sub-accounts the application created for this customer, with their own balances.</CardDescription>
      </CardHeader>
      {entities.entities.length === 0 ? (
        <EmptyState
          className="border-t border-border py-8"
          icon={Boxes}
          title="No entities"
          description="The application creates them through the API (entities.create), e.g. one per seat."
        />
      ) : (
        <Table aria-label="Entities" wrapperClassName="border-t border-border">
          <TableHeader>
            <TableRow>
              <TableHead>Entity</TableHead>
              <TableHead>Counts against</TableHead>
              <TableHead>Balances</TableHead>
              <TableHead>Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entities.entities.map((entity) => (
              <TableRow key={entity.id}>
                <TableCell>
                  <span className="block truncate font-medium">{entity.name ?? entity.id}</span>
                  <span className="block truncate font-mono text-xs text-muted-foreground">{entity.id}</span>
                </TableCell>
                <TableCell>
                  <Badge variant="outline">{entity.featureName}</Badge>
                </TableCell>
                <TableCell>
                  {entity.balances.length === 0 ? (
                    <span className="text-muted-foreground">None</span>
                  ) : (
                    <ul className="flex flex-col gap-0.5">
                      {entity.balances.map((balance) => (
                        <li key={balance.featureId}>
                          <span className="font-medium">{balance.featureName}</span>{" "}
                          <span className="text-muted-foreground tabular-nums">
                            {balance.unlimited ? `${formatNumber(balance.usage)} used, unlimited` : `${formatNumber(balance.usage)} of ${formatNumber(balance.granted)} used`}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(entity.createdAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {hidden > 0 ? <CardContent className="border-t border-border py-3 text-sm text-muted-foreground">and {formatNumber(hidden)} more (entities.list pages through all of them)</CardContent> : null}
    </Card>
  );
}
