// Reads the repository's settings from GitHub's REST API with the workflow token (GITHUB_TOKEN in
// doctor.yml: metadata, actions and issues read) or any token with the same reads.
export interface GitHubReader {
  /** undefined on 404 */
  get<T>(path: string): Promise<T | undefined>;
  repo: string;
}

export class GitHubReadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function gitHubReader(apiUrl: string, token: string, repo: string): GitHubReader {
  const base = apiUrl.replace(/\/+$/, "");
  return {
    repo,
    async get<T>(path: string): Promise<T | undefined> {
      const res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "okta-aws-access-doctor" },
      });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new GitHubReadError(`GET ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`, res.status);
      return (await res.json()) as T;
    },
  };
}
