// How dashboard client code reads the dashboard's GET route handlers (React Query fetchers).
// Errors carry the status and the domain error code, so 4xx are not retried and the UI can say
// what to do (sign in again, ask an admin...).

/** A non-2xx answer from a dashboard route. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body = (await response.json().catch(() => null)) as (T & { message?: string; code?: string }) | null;
  if (!response.ok) {
    throw new HttpError(response.status, body?.message ?? `The server answered ${response.status}`, body?.code);
  }
  return body as T;
}
