// The API's customer lists: the RPC form (cursor pages) and the REST form (offset pages).
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listCustomersInput, restListCustomersInput, type ListCustomersInput, type RestListCustomersInput } from "./schemas";
import { selectCustomerOffsetPage, selectCustomerPage } from "./customer-list-query";
import { shapeCustomers } from "./shape-customers";
import type { ApiCustomer } from "./customer-object";

export type CustomerList = { list: ApiCustomer[]; next_cursor: string | null };
export type CustomerOffsetList = { list: ApiCustomer[]; total: number; limit: number; offset: number; has_more: boolean };

/** Newest first (or oldest first); `next_cursor` continues after the last row, null on the last page. */
export async function listCustomers(ctx: Ctx, input: ListCustomersInput = {}): Promise<CustomerList> {
  authorize(ctx, "customers:read");
  const data = listCustomersInput.parse(input);
  const { rows, nextCursor } = await selectCustomerPage(db(), ctx.env, { search: data.search, plans: data.plans }, {
    cursor: data.start_cursor,
    limit: data.limit,
    order: data.sort_order,
  });
  return { list: await shapeCustomers(db(), ctx.env, rows), next_cursor: nextCursor };
}

/** GET /v1/customers?limit&offset. */
export async function listCustomersByOffset(ctx: Ctx, input: RestListCustomersInput = {}): Promise<CustomerOffsetList> {
  authorize(ctx, "customers:read");
  const { limit, offset, search } = restListCustomersInput.parse(input);
  const { rows, total } = await selectCustomerOffsetPage(db(), ctx.env, { search }, { limit, offset });
  return { list: await shapeCustomers(db(), ctx.env, rows), total, limit, offset, has_more: offset + rows.length < total };
}
