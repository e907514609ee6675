// The repository's audit trail of revocations: a GitHub repository_dispatch event per change, so
// a workflow in the repository records it (the CloudWatch log holds the same record).

export interface DispatchTarget {
  /** owner/name */
  repository: string;
  token: string;
  /** https://api.github.com unless GitHub Enterprise. */
  apiUrl?: string;
}

export const DISPATCH_EVENT_TYPE = "access-revocation";

/** Sends one repository_dispatch; throws with GitHub's status when it is refused. */
export async function dispatchRevocation(target: DispatchTarget, payload: Record<string, unknown>, fetchImpl: typeof fetch = fetch): Promise<void> {
  const url = `${(target.apiUrl ?? "https://api.github.com").replace(/\/+$/, "")}/repos/${target.repository}/dispatches`;
  const res = await fetchImpl(url, {
    method: "POST",
    headers: { accept: "application/vnd.github+json", authorization: `Bearer ${target.token}`, "x-github-api-version": "2022-11-28", "content-type": "application/json" },
    body: JSON.stringify({ event_type: DISPATCH_EVENT_TYPE, client_payload: payload }),
  });
  if (res.status !== 204) throw new Error(`repository_dispatch to ${target.repository} answered HTTP ${res.status}`);
}
