// IAM and STS for the local emulator, in their query protocol (form-encoded POST, XML answers):
// GetRole and SimulatePrincipalPolicy (evaluated against the role's inline policy documents), and
// the caller behind an access key for GetCallerIdentity. Each role has its own access key, so S3
// requests signed with it are allowed or denied by that role's policies (see s3.ts).
import { randomUUID } from "node:crypto";

export interface EmulatedRole {
  name: string;
  arn: string;
  trustPolicy: string; // JSON
  policies: Record<string, string>; // inline policy name -> JSON
  maxSessionDuration?: number;
}

export interface IamState {
  roles: Map<string, EmulatedRole>;
  /** access key id -> role name: requests signed with that key act as the role. */
  accessKeys: Map<string, string>;
}

export function newIamState(): IamState {
  return { roles: new Map(), accessKeys: new Map() };
}

interface Statement {
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  Resource?: string | string[];
}

const globMatch = (pattern: string, value: string, ignoreCase: boolean) => {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, ignoreCase ? "i" : "");
  return re.test(value);
};

/** allowed | explicitDeny | implicitDeny, the way IAM decides an identity policy (conditions are not evaluated). */
export function evaluate(role: EmulatedRole, action: string, resource: string): "allowed" | "explicitDeny" | "implicitDeny" {
  let allowed = false;
  for (const doc of Object.values(role.policies)) {
    const statements = ([] as Statement[]).concat((JSON.parse(doc) as { Statement: Statement | Statement[] }).Statement);
    for (const s of statements) {
      const actions = ([] as string[]).concat(s.Action ?? []);
      const resources = ([] as string[]).concat(s.Resource ?? []);
      if (!actions.some((a) => globMatch(a, action, true))) continue;
      if (!resources.some((r) => globMatch(r, resource, false))) continue;
      if (s.Effect === "Deny") return "explicitDeny";
      allowed = true;
    }
  }
  return allowed ? "allowed" : "implicitDeny";
}

/** The role an AWS SigV4 Authorization header's access key stands for, if any. */
export function callerRole(iam: IamState, authorization: string | undefined): EmulatedRole | undefined {
  const key = /Credential=([^/]+)\//.exec(authorization ?? "")?.[1];
  const name = key ? iam.accessKeys.get(key) : undefined;
  return name ? iam.roles.get(name) : undefined;
}

export interface QueryAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const NS = "https://iam.amazonaws.com/doc/2010-05-08/";

function ok(action: string, inner: string): QueryAnswer {
  return {
    status: 200,
    headers: { "content-type": "text/xml" },
    body: `<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function iamError(status: number, code: string, message: string): QueryAnswer {
  return {
    status,
    headers: { "content-type": "text/xml" },
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

const members = (params: URLSearchParams, name: string) => [...params.entries()].filter(([k]) => k.startsWith(`${name}.member.`)).map(([, v]) => v);

/** IAM actions, or undefined when `action` is not one of them. */
export function handleIam(iam: IamState, action: string, params: URLSearchParams): QueryAnswer | undefined {
  if (action === "GetRole") {
    const role = iam.roles.get(params.get("RoleName") ?? "");
    if (!role) return iamError(404, "NoSuchEntity", `The role with name ${params.get("RoleName")} cannot be found.`);
    return ok(
      "GetRole",
      `<Role><Path>/</Path><RoleName>${xmlEscape(role.name)}</RoleName><RoleId>AROA${role.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}</RoleId><Arn>${xmlEscape(role.arn)}</Arn>` +
        `<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${xmlEscape(encodeURIComponent(role.trustPolicy))}</AssumeRolePolicyDocument>` +
        `<MaxSessionDuration>${role.maxSessionDuration ?? 3600}</MaxSessionDuration></Role>`,
    );
  }
  if (action === "SimulatePrincipalPolicy") {
    const source = params.get("PolicySourceArn") ?? "";
    const role = [...iam.roles.values()].find((r) => r.arn === source);
    if (!role) return iamError(400, "NoSuchEntity", `Entity ${source} does not exist.`);
    const resources = members(params, "ResourceArns");
    const results = members(params, "ActionNames").flatMap((a) =>
      (resources.length ? resources : ["*"]).map(
        (r) => `<member><EvalActionName>${xmlEscape(a)}</EvalActionName><EvalResourceName>${xmlEscape(r)}</EvalResourceName><EvalDecision>${evaluate(role, a, r)}</EvalDecision><MatchedStatements/><MissingContextValues/></member>`,
      ),
    );
    return ok("SimulatePrincipalPolicy", `<EvaluationResults>${results.join("")}</EvaluationResults><IsTruncated>false</IsTruncated>`);
  }
  return undefined;
}
