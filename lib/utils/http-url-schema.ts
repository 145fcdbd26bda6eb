// A URL the API sends a customer's browser to (Checkout's success page, the portal's back link):
// http(s) only, so that no `javascript:` or `data:` URL reaches a redirect. One schema for every
// such field.
import { z } from "zod";

export const httpUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000, "at most 2000 characters");
