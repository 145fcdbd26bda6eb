// The least a Next.js route handler can do: answer 401 without reading the body, as Equinox does
// for a request without a key (the API part's "no key" reference). Built and started by the
// benchmark (bench/lib/bare-next.ts) as a Next.js app of its own, with this repository's Next.js
// version, so that the framework's own cost per request is measured, not inferred.
export function POST(): Response {
  return Response.json(
    { code: "no_secret_key", message: "Secret key not found in Authorization header. Send `Authorization: Bearer am_sk_...`" },
    { status: 401, headers: { "cache-control": "no-store" } },
  );
}
