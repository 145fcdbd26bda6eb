// JSON in, JSON out, nothing else: what any API route handler does at the least (the floor has
// the same route). Measured against the floor, it is Next.js's own cost for an API request.
export async function POST(request: Request): Promise<Response> {
  return Response.json({ received: await request.json() }, { headers: { "cache-control": "no-store" } });
}
