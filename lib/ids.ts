// Internal ids: a short type prefix and a ULID, so ids sort by creation time and say what they are.
import { monotonicFactory } from "ulid";
import { secureRandom } from "./random-pool";

// The ULID's random part from the pooled secure source (the default asks the OS once per character).
const ulid = monotonicFactory(secureRandom);

export type IdPrefix = "cus" | "key" | "aud" | "cpl" | "grt" | "evt" | "req" | "use" | "plv" | "job" | "fea" | "pln" | "pit" | "idm" | "ent" | "imp" | "inv" | "msg" | "wep" | "wdl" | "ivc";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
