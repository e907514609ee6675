// A small local IAM Access Analyzer endpoint speaking the service's REST-JSON protocol for
// ValidatePolicy (POST /policy/validation), with two of the real checks, one finding per page so
// pagination is exercised, and injectable errors.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface FakeFinding {
  findingType: "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: { path: ({ index: number } | { key: string } | { value: string })[]; span: object }[];
}

export interface FakeAccessAnalyzer {
  url: string;
  requests: { path: string; body: { policyDocument?: string; policyType?: string; nextToken?: string } }[];
  /** Error type names answered before normal answers, e.g. "AccessDeniedException". */
  errors: string[];
  close(): Promise<void>;
}

const span = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };

/** What the fake finds: iam:PassRole on "*" (security warning) and an s3 object action on a bucket ARN (error). */
function check(doc: { Statement?: unknown }): FakeFinding[] {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Record<string, unknown>[];
  const out: FakeFinding[] = [];
  statements.forEach((s, i) => {
    const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as string[];
    const actions = list(s.Action);
    const resources = list(s.Resource);
    const statementPath = Array.isArray(doc.Statement) ? [{ key: "Statement" }, { index: i }] : [{ key: "Statement" }];
    actions.forEach((a, j) => {
      if (a.toLowerCase() === "iam:passrole" && resources.includes("*")) {
        out.push({
          findingType: "SECURITY_WARNING",
          issueCode: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
          findingDetails: "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive.",
          learnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource",
          locations: [{ path: [...statementPath, { key: "Resource" }], span }],
        });
      }
      if (a === "s3:GetObject") {
        resources.forEach((r, k) => {
          if (/^arn:aws:s3:::[^/]+$/.test(r)) {
            out.push({
              findingType: "ERROR",
              issueCode: "MISSING_ARN_FIELD",
              findingDetails: `The action ${a} does not support the resource ${r}: it needs an object ARN (bucket/key).`,
              learnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
              locations: [{ path: [...statementPath, { key: "Resource" }, ...(Array.isArray(s.Resource) ? [{ index: k }] : [])], span }],
            });
          }
        });
      }
      void j;
    });
  });
  return out;
}

export async function startFakeAccessAnalyzer(): Promise<FakeAccessAnalyzer> {
  const state = { requests: [] as FakeAccessAnalyzer["requests"], errors: [] as string[] };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = JSON.parse(raw || "{}") as FakeAccessAnalyzer["requests"][number]["body"];
      const nextToken = url.searchParams.get("nextToken") ?? undefined;
      state.requests.push({ path: url.pathname, body: { ...body, ...(nextToken ? { nextToken } : {}) } });
      const reply = (status: number, json: object, errorType?: string) => {
        res.writeHead(status, { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) });
        res.end(JSON.stringify(json));
      };
      const error = state.errors.shift();
      if (error) return reply(error === "AccessDeniedException" ? 403 : 400, { message: `${error} from the fake` }, error);
      if (req.method !== "POST" || url.pathname !== "/policy/validation") return reply(404, { message: "unknown operation" }, "ResourceNotFoundException");
      if (body.policyType !== "IDENTITY_POLICY" || typeof body.policyDocument !== "string") return reply(400, { message: "policyDocument and policyType are required" }, "ValidationException");
      const findings = check(JSON.parse(body.policyDocument));
      const page = Number(nextToken ?? 0);
      reply(200, { findings: findings.slice(page, page + 1), ...(page + 1 < findings.length ? { nextToken: String(page + 1) } : {}) });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    errors: state.errors,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
