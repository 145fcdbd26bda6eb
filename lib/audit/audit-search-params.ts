// The audit log's URL state (`?actor=&actorKind=&action=&customer=`), parsed the same way on
// the server (initial page) and in the browser (filters).
// nuqs/server holds the parsers without client-only code, so both sides can share them.
import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { AUDIT_ACTOR_KINDS } from "@/lib/audit/schemas";

export const auditSearchParams = {
  actor: parseAsString.withDefault(""),
  actorKind: parseAsStringLiteral(AUDIT_ACTOR_KINDS),
  action: parseAsString.withDefault(""),
  customer: parseAsString.withDefault(""),
};
