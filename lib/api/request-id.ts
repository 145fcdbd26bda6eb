import { randomHex } from "@/lib/random-pool";

export const REQUEST_ID_HEADER = "x-request-id";

export function newRequestId(): string {
  return `req_${randomHex(12)}`;
}
