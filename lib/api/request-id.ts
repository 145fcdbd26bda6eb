import { randomBytes } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

export function newRequestId(): string {
  return `req_${randomBytes(12).toString("hex")}`;
}
