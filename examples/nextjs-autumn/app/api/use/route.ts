// Using the metered feature: the server asks Equinox whether the customer may (check), and
// records the use (track). Usage is recorded server-side, where the customer's identity is known;
// the React hooks only read balances. failOpen: false, so an outage shows as an error instead of
// the SDK's default fake "allowed".
import { Autumn } from "autumn-js";
import { equinoxSettings } from "../../../lib/equinox";
import { currentUser } from "../../../lib/session";

export async function POST(request: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ message: "Sign in first" }, { status: 401 });
  const { featureId } = (await request.json().catch(() => ({}))) as { featureId?: unknown };
  if (typeof featureId !== "string" || !featureId) return Response.json({ message: "featureId is required" }, { status: 400 });

  const autumn = new Autumn({ ...equinoxSettings(), failOpen: false });
  try {
    const check = await autumn.check({ customerId: user.id, featureId });
    if (!check.allowed) return Response.json({ allowed: false, message: "You have used all of it: upgrade for more" }, { status: 403 });
    const tracked = await autumn.track({ customerId: user.id, featureId, value: 1 });
    return Response.json({ allowed: true, balance: tracked.balance });
  } catch (error) {
    // Equinox's answer (an unknown feature, a revoked key...) as the SDK reports it.
    return Response.json({ message: error instanceof Error ? error.message : "Equinox did not answer" }, { status: 502 });
  }
}
