// A local GitHub REST API on 127.0.0.1, real in protocol for the calls the repository set-up
// script (through the `gh` CLI) and `access doctor` make: repository and environment variables,
// secrets (with a real X25519 public key: gh encrypts with a sealed box before it sends), the
// environments and their deployment branch policies, rulesets, labels and teams; public app
// pages (GET /apps/{slug}); commit statuses and check runs, with the app that posted each; and a
// pull request merge that enforces the default branch's required status checks, pins included.
//
// `gh` reaches it as an HTTP proxy: with GH_HOST=github.localhost gh calls
// http://api.github.localhost/..., and HTTP_PROXY=<fake url> sends that here (absolute-URI
// requests). Plain requests (`GET /repos/...`, as `access doctor` makes with GITHUB_API_URL)
// work too. Every request is logged; a wrong token answers 401 like GitHub. Besides the admin
// token, tests may register tokens that act as an app (a workflow's GITHUB_TOKEN is the GitHub
// Actions app, 15368, and like it cannot read secrets or variables).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRuleset {
  id: number;
  name: string;
  target: "branch" | "tag";
  enforcement: string;
  bypass_actors: { actor_id: number | null; actor_type: string; bypass_mode: string }[];
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: { type: string; parameters?: Record<string, unknown> }[];
}

export interface FakeEnvironment {
  name: string;
  reviewers: { type: string; id: number }[];
  prevent_self_review: boolean;
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  branchPolicies: { id: number; name: string; type: string }[];
  variables: Record<string, string>;
  secrets: Record<string, { encrypted_value: string; key_id: string }>;
}

export interface FakeRepoState {
  owner: string;
  name: string;
  id: number;
  variables: Record<string, string>;
  secrets: Record<string, { encrypted_value: string; key_id: string }>;
  environments: Record<string, FakeEnvironment>;
  rulesets: FakeRuleset[];
  labels: { name: string; color: string; description: string }[];
  /** "org/slug" -> team id */
  teams: Record<string, number>;
  /** slug -> the app's public page */
  apps?: Record<string, { id: number; client_id: string; name: string }>;
  /** Commit statuses and completed check runs, oldest first, with the app that posted each. */
  reports?: { sha: string; context: string; state: "success" | "failure" | "pending" | "error"; integrationId: number | null }[];
  pulls?: { number: number; head: string; merged: boolean }[];
  workflowPermissions?: { default_workflow_permissions: string; can_approve_pull_request_reviews: boolean };
}

/** Who a token is, beyond the admin token: an app installation (or a workflow's token, the Actions app). */
export interface FakeTokenIdentity {
  integrationId: number;
  /** A workflow's GITHUB_TOKEN: no permission reaches secrets or variables (403). */
  workflowToken?: boolean;
}

export interface FakeGitHub {
  url: string;
  state: FakeRepoState;
  requests: { method: string; path: string; status: number }[];
  writes(): { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export function emptyRepo(owner = "acme", name = "okta-aws-access"): FakeRepoState {
  return { owner, name, id: 4242, variables: {}, secrets: {}, environments: {}, rulesets: [], labels: [], teams: {} };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeGitHub(state: FakeRepoState, token: string, otherTokens: Record<string, FakeTokenIdentity> = {}): Promise<FakeGitHub> {
  const { publicKey } = generateKeyPairSync("x25519");
  // The raw 32-byte key, base64, as GitHub's public-key endpoints return it.
  const rawKey = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64");
  const keyId = randomBytes(8).toString("hex");
  let nextId = 100;
  const fake: FakeGitHub = {
    url: "",
    state,
    requests: [],
    writes: () => fake.requests.filter((r) => r.method !== "GET"),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://api.github.localhost");
      const path = url.pathname.replace(/^\/api\/v3/, "");
      let status = 200;
      let body: unknown;
      try {
        const given = /^(?:token|Bearer) (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
        if (given === undefined || (given !== token && !otherTokens[given])) throw new HttpError(401, "Bad credentials");
        const who = given === token ? undefined : otherTokens[given];
        const text = Buffer.concat(chunks).toString("utf8");
        const input = text ? (JSON.parse(text) as Record<string, any>) : {};
        [status, body] = route(req.method ?? "GET", path, url, input, who);
      } catch (err) {
        status = err instanceof HttpError ? err.status : 500;
        body = { message: err instanceof Error ? err.message : String(err), documentation_url: "https://docs.github.com/rest" };
      }
      fake.requests.push({ method: req.method ?? "GET", path: path + url.search, status });
      send(res, status, body);
    });
  });

  const repoBase = `/repos/${state.owner}/${state.name}`;
  const notFound = () => new HttpError(404, "Not Found");

  function env(name: string): FakeEnvironment {
    const e = state.environments[name];
    if (!e) throw notFound();
    return e;
  }

  function route(method: string, path: string, url: URL, input: Record<string, any>, who: FakeTokenIdentity | undefined): [number, unknown] {
    let m: RegExpExecArray | null;
    if ((m = /^\/apps\/([^/]+)$/.exec(path)) && method === "GET") {
      const app = state.apps?.[decodeURIComponent(m[1]!)];
      if (!app) throw notFound();
      return [200, { id: app.id, slug: m[1], client_id: app.client_id, name: app.name, owner: { login: state.owner } }];
    }
    if ((m = /^\/orgs\/([^/]+)\/teams\/([^/]+)$/.exec(path)) && method === "GET") {
      const id = state.teams[`${m[1]}/${m[2]}`];
      if (id === undefined) throw notFound();
      return [200, { id, slug: m[2], name: m[2] }];
    }
    if (!path.startsWith(repoBase)) throw notFound();
    const rest = path.slice(repoBase.length);
    if (rest === "" && method === "GET") return [200, { id: state.id, name: state.name, full_name: `${state.owner}/${state.name}`, owner: { login: state.owner, id: 1 } }];

    if (rest === "/actions/permissions/workflow" && method === "GET") {
      return [200, state.workflowPermissions ?? { default_workflow_permissions: "write", can_approve_pull_request_reviews: true }];
    }
    if (rest === "/actions/permissions/workflow" && method === "PUT") {
      state.workflowPermissions = { default_workflow_permissions: String(input.default_workflow_permissions), can_approve_pull_request_reviews: Boolean(input.can_approve_pull_request_reviews) };
      return [204, undefined];
    }
    // Variables and secrets, of the repository or of an environment.
    if ((m = /^(?:\/environments\/([^/]+))?\/(?:actions\/)?(variables|secrets)(?:\/([^/]+))?$/.exec(rest))) {
      const [, envName, kind, name] = m;
      if (envName === undefined && !rest.startsWith("/actions/")) throw notFound();
      if (who?.workflowToken) throw new HttpError(403, "Resource not accessible by integration");
      const holder = envName !== undefined ? env(decodeURIComponent(envName)) : state;
      if (kind === "variables") {
        const vars = holder.variables;
        if (!name) {
          if (method === "GET") return [200, { total_count: Object.keys(vars).length, variables: Object.entries(vars).map(([n, value]) => ({ name: n, value })) }];
          if (method === "POST") {
            if (vars[input.name] !== undefined) throw new HttpError(409, "Already exists");
            vars[String(input.name)] = String(input.value);
            return [201, {}];
          }
        } else {
          if (method === "GET") {
            if (vars[name] === undefined) throw notFound();
            return [200, { name, value: vars[name] }];
          }
          if (method === "PATCH") {
            if (vars[name] === undefined) throw notFound();
            vars[name] = String(input.value);
            return [204, undefined];
          }
        }
      } else {
        const secrets = holder.secrets;
        if (name === "public-key" && method === "GET") return [200, { key_id: keyId, key: rawKey }];
        if (!name && method === "GET") {
          const names = Object.keys(secrets).sort();
          return [200, { total_count: names.length, secrets: names.map((n) => ({ name: n, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" })) }];
        }
        if (name && method === "DELETE") {
          if (!secrets[name]) throw notFound();
          delete secrets[name];
          return [204, undefined];
        }
        if (name && method === "GET") {
          if (!secrets[name]) throw notFound();
          return [200, { name, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }];
        }
        if (name && method === "PUT") {
          if (input.key_id !== keyId || typeof input.encrypted_value !== "string") throw new HttpError(422, "key_id and encrypted_value are required");
          // A sealed box is 48 bytes longer than its plaintext (ephemeral key + MAC).
          if (Buffer.from(input.encrypted_value, "base64").length < 49) throw new HttpError(422, "encrypted_value is not a sealed box");
          const created = !secrets[name];
          secrets[name] = { encrypted_value: input.encrypted_value, key_id: input.key_id };
          return created ? [201, {}] : [204, undefined];
        }
      }
    }

    if ((m = /^\/environments\/([^/]+)$/.exec(rest))) {
      const name = decodeURIComponent(m[1]!);
      if (method === "GET") {
        const e = env(name);
        return [
          200,
          {
            name,
            protection_rules: [
              ...(e.reviewers.length ? [{ type: "required_reviewers", prevent_self_review: e.prevent_self_review, reviewers: e.reviewers.map((r) => ({ type: r.type, reviewer: { id: r.id } })) }] : []),
              ...(e.deployment_branch_policy ? [{ type: "branch_policy" }] : []),
            ],
            deployment_branch_policy: e.deployment_branch_policy,
          },
        ];
      }
      if (method === "PUT") {
        const e = (state.environments[name] ??= { name, reviewers: [], prevent_self_review: false, deployment_branch_policy: null, branchPolicies: [], variables: {}, secrets: {} });
        if (input.reviewers !== undefined) e.reviewers = input.reviewers ?? [];
        if (input.prevent_self_review !== undefined) e.prevent_self_review = Boolean(input.prevent_self_review);
        if (input.deployment_branch_policy !== undefined) e.deployment_branch_policy = input.deployment_branch_policy;
        return [200, { name }];
      }
    }
    if ((m = /^\/environments\/([^/]+)\/deployment-branch-policies(?:\/(\d+))?$/.exec(rest))) {
      const e = env(decodeURIComponent(m[1]!));
      if (!m[2] && method === "GET") return [200, { total_count: e.branchPolicies.length, branch_policies: e.branchPolicies }];
      if (!m[2] && method === "POST") {
        if (!e.deployment_branch_policy?.custom_branch_policies) throw new HttpError(404, "Custom branch policies are not enabled for this environment");
        const policy = { id: nextId++, name: String(input.name), type: String(input.type ?? "branch") };
        e.branchPolicies.push(policy);
        return [200, policy];
      }
      if (m[2] && method === "DELETE") {
        e.branchPolicies = e.branchPolicies.filter((p) => p.id !== Number(m![2]));
        return [204, undefined];
      }
    }

    if ((m = /^\/rulesets(?:\/(\d+))?$/.exec(rest))) {
      if (!m[1] && method === "GET") return [200, state.rulesets.map((r) => ({ id: r.id, name: r.name, target: r.target, enforcement: r.enforcement }))];
      if (!m[1] && method === "POST") {
        checkRuleset(input);
        const r = { ...(input as Omit<FakeRuleset, "id">), id: nextId++ } as FakeRuleset;
        state.rulesets.push(r);
        return [201, r];
      }
      const r = state.rulesets.find((x) => x.id === Number(m![1]));
      if (!r) throw notFound();
      if (method === "GET") return [200, r];
      if (method === "PUT") {
        checkRuleset(input);
        Object.assign(r, input, { id: r.id });
        return [200, r];
      }
    }

    if ((m = /^\/statuses\/([0-9a-f]{40})$/.exec(rest)) && method === "POST") {
      if (!["success", "failure", "pending", "error"].includes(input.state)) throw new HttpError(422, "state is not included in the list");
      const report = { sha: m[1]!, context: String(input.context ?? "default"), state: input.state, integrationId: who?.integrationId ?? null };
      (state.reports ??= []).push(report);
      return [201, { state: report.state, context: report.context, creator: { login: who ? "app[bot]" : state.owner } }];
    }
    if (rest === "/check-runs" && method === "POST") {
      if (!who) throw new HttpError(403, "You must authenticate via a GitHub App.");
      const done = input.status === "completed" || input.conclusion !== undefined;
      if (done) (state.reports ??= []).push({ sha: String(input.head_sha), context: String(input.name), state: input.conclusion === "success" ? "success" : "failure", integrationId: who.integrationId });
      return [201, { id: nextId++, name: input.name, head_sha: input.head_sha, app: { id: who.integrationId } }];
    }
    if ((m = /^\/pulls\/(\d+)\/merge$/.exec(rest)) && method === "PUT") {
      const pull = state.pulls?.find((p) => p.number === Number(m![1]));
      if (!pull) throw notFound();
      if (pull.merged) throw new HttpError(405, "Pull Request is not mergeable");
      const missing = requiredChecks().filter((c) => !reported(pull.head, c));
      if (missing.length) throw new HttpError(405, `Repository rule violations found\n\n${missing.map((c) => `Required status check "${c.context}" is expected.`).join("\n")}`);
      pull.merged = true;
      return [200, { merged: true, message: "Pull Request successfully merged" }];
    }

    if ((m = /^\/labels(?:\/([^/]+))?$/.exec(rest))) {
      if (!m[1] && method === "GET") {
        const per = Number(url.searchParams.get("per_page") ?? 30);
        const page = Number(url.searchParams.get("page") ?? 1);
        return [200, state.labels.slice((page - 1) * per, page * per)];
      }
      if (!m[1] && method === "POST") {
        if (state.labels.some((l) => l.name.toLowerCase() === String(input.name).toLowerCase())) throw new HttpError(422, "Validation Failed: already_exists");
        state.labels.push({ name: String(input.name), color: String(input.color ?? "ededed"), description: String(input.description ?? "") });
        return [201, {}];
      }
      const label = state.labels.find((l) => l.name === decodeURIComponent(m![1]!));
      if (!label) throw notFound();
      if (method === "GET") return [200, label];
      if (method === "PATCH") {
        Object.assign(label, { color: input.color ?? label.color, description: input.description ?? label.description });
        return [200, label];
      }
    }
    throw notFound();
  }

  /** The default branch's required checks, from every active branch ruleset on it. */
  function requiredChecks(): { context: string; integration_id?: number }[] {
    return state.rulesets
      .filter((r) => r.target === "branch" && r.enforcement === "active" && r.conditions.ref_name.include.some((i) => ["~DEFAULT_BRANCH", "~ALL", "refs/heads/main"].includes(i)))
      .flatMap((r) => r.rules.filter((x) => x.type === "required_status_checks"))
      .flatMap((x) => (x.parameters?.required_status_checks as { context: string; integration_id?: number }[] | undefined) ?? []);
  }

  /** As GitHub: a pinned check counts only what its app posted; the latest such report decides. */
  function reported(sha: string, check: { context: string; integration_id?: number }): boolean {
    const mine = (state.reports ?? []).filter((r) => r.sha === sha && r.context === check.context && (check.integration_id === undefined || r.integrationId === check.integration_id));
    return mine.at(-1)?.state === "success";
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** GitHub refuses a bypass actor it does not know; the Actions app (15368) cannot bypass repository rulesets. */
function checkRuleset(input: Record<string, any>): void {
  for (const a of input.bypass_actors ?? []) {
    if (!["Integration", "OrganizationAdmin", "RepositoryRole", "Team", "DeployKey"].includes(a.actor_type)) throw new HttpError(422, `Invalid bypass actor type ${a.actor_type}`);
    if (a.actor_type === "Integration" && a.actor_id === 15368) throw new HttpError(422, "Actor GitHub Actions integration must be part of the ruleset source or owner organization");
  }
  if (!["branch", "tag"].includes(input.target)) throw new HttpError(422, "target must be branch or tag");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

