// autumn-js's backend handler, mounted where its React provider calls by default (/api/autumn/*).
// It forwards the hooks' calls (customer, plans, attach, previews, updates) to Equinox with the
// secret key, for the customer this app's session identifies: the browser cannot name another.
import { autumnHandler } from "autumn-js/backend";
import { equinoxSettings } from "../../../../lib/equinox";
import { currentUser } from "../../../../lib/session";

async function handle(request: Request): Promise<Response> {
  const user = await currentUser();
  const { serverURL, secretKey } = equinoxSettings();
  const body = request.method === "GET" ? undefined : await request.json().catch(() => undefined);
  const { statusCode, response } = await autumnHandler({
    request: { url: request.url, method: request.method, body },
    customerId: user?.id,
    customerData: user ? { email: user.email } : undefined,
    clientOptions: { secretKey, baseURL: serverURL },
  });
  if (statusCode === 204) return new Response(null, { status: 204 });
  return Response.json(response, { status: statusCode });
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
