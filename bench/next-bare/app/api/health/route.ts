// Readiness, as the benchmark waits for it on every server it starts.
export function GET(): Response {
  return Response.json({ status: "ok" });
}
