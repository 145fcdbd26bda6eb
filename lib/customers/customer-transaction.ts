// Runs one attempt of a customer write in a transaction, and runs it again (a few times) when a
// concurrent writer got there first: a unique index refused the row, or PostgreSQL reported a
// serialization failure or deadlock. A retry starts from a fresh read, so it sees the winner.
import "server-only";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { CUSTOMER_INDEXES, isTransientConflict, uniqueViolation } from "./db-conflicts";
import { stripeAlreadyLinked } from "./errors";

const MAX_ATTEMPTS = 5;
// Generous: under a burst, transactions queue for one of the pool's few connections.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

export type UniqueViolationPolicy = (index: string) => "retry" | DomainError;

export async function customerTransaction<T>(attempt: (tx: Tx) => Promise<T>, onUniqueViolation: UniqueViolationPolicy = () => "retry"): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await db().$transaction(attempt, TRANSACTION_OPTIONS);
    } catch (error) {
      const index = uniqueViolation(error);
      if (index === CUSTOMER_INDEXES.stripeId) throw stripeAlreadyLinked();
      const decision = index !== undefined ? onUniqueViolation(index) : isTransientConflict(error) ? "retry" : undefined;
      if (decision instanceof DomainError) throw decision;
      if (decision === "retry" && n < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
