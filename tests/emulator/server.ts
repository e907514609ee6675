// A local IAM Identity Center and AWS Organizations on 127.0.0.1 for real Terraform and real AWS
// SDK clients: AWS JSON 1.1 over HTTP, dispatched on X-Amz-Target, plus STS GetCallerIdentity
// (query protocol).
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { assignmentsForPrincipalHandlers } from "./assignmentsForPrincipal.js";
import { AwsError } from "./errors.js";
import { defaultFaults, seededRandom, type Faults } from "./faults.js";
import type { Handler, HandlerContext } from "./context.js";
import { callerRole, handleIam, newIamState, type IamState } from "./iam.js";
import { identityStoreHandlers } from "./identityStore.js";
import { identityStoreUserHandlers } from "./identityStoreUsers.js";
import { organizationsHandlers } from "./organizations.js";
import { policyHandlers } from "./policies.js";
import { handleS3, newS3State, type S3State } from "./s3.js";
import { settleOperations, ssoAdminHandlers } from "./ssoAdmin.js";
import { newState, snapshot, type EmulatorState, type Snapshot } from "./state.js";

export interface EmulatorOptions {
  instanceArn?: string;
  identityStoreId?: string;
  ownerAccountId?: string;
  /** Seeds the dice for throttling and async failures. */
  seed?: number;
  faults?: Partial<Faults>;
  /** Default page size of every List operation (small, so pagination is exercised). */
  pageSize?: number;
  /** Groups already pushed to the Identity Store. */
  groups?: string[];
}

export interface Emulator {
  url: string;
  port: number;
  state: EmulatorState;
  /** Calls per operation name (throttled ones included). */
  calls: Record<string, number>;
  /** Calls per operation answered with an injected ThrottlingException. */
  throttled: Record<string, number>;
  /** `Service.Operation` (or a description of the request) for every request nothing here handles. */
  unknownOperations: string[];
  /** Mutable: change between steps of a test. */
  faults: Faults;
  /** IAM roles (and their access keys) and S3 buckets: the set-up `access doctor` checks. */
  iam: IamState;
  s3: S3State;
  /** Simulates a SCIM group push; returns the new group's id. */
  addGroup(displayName: string, description?: string): string;
  /** Simulates a SCIM user provisioning; returns the new user's id. */
  addUser(userName: string, displayName?: string): string;
  snapshot(): Snapshot;
  resetCalls(): void;
  close(): Promise<void>;
}

const SERVICES: Record<string, { name: string; handlers: Record<string, Handler> }> = {
  SWBExternalService: { name: "SSOAdmin", handlers: { ...ssoAdminHandlers, ...assignmentsForPrincipalHandlers } },
  AWSIdentityStore: { name: "IdentityStore", handlers: { ...identityStoreHandlers, ...identityStoreUserHandlers } },
  AWSOrganizationsV20161128: { name: "Organizations", handlers: { ...organizationsHandlers, ...policyHandlers } },
};

const groupId = () => `${randomBytes(5).toString("hex")}-${randomUUID()}`;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = newState(
    options.instanceArn ?? "arn:aws:sso:::instance/ssoins-0123456789abcdef",
    options.identityStoreId ?? "d-0123456789",
    options.ownerAccountId ?? "999999999999",
  );
  const seed = options.seed ?? 1;
  const throttleDice = seededRandom(seed);
  const faults: Faults = { ...defaultFaults(), ...options.faults };
  const ctx: HandlerContext = {
    state,
    faults,
    asyncDice: seededRandom(seed ^ 0x5bd1e995),
    uuid: randomUUID,
    hex: (n) => randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n),
    pageSize: options.pageSize ?? 10,
    now: Date.now,
  };
  const calls: Record<string, number> = {};
  const throttled: Record<string, number> = {};
  const unknownOperations: string[] = [];
  const iam = newIamState();
  const s3 = newS3State();

  const addGroup = (displayName: string, description?: string) => {
    for (const g of state.groups.values()) if (g.displayName === displayName) return g.groupId;
    const id = groupId();
    state.groups.set(id, { groupId: id, displayName, description });
    return id;
  };
  for (const g of options.groups ?? []) addGroup(g);
  const addUser = (userName: string, displayName?: string) => {
    for (const u of state.users.values()) if (u.userName === userName) return u.userId;
    const id = groupId();
    state.users.set(id, { userId: id, userName, ...(displayName !== undefined ? { displayName } : {}) });
    return id;
  };

  async function handle(req: IncomingMessage, body: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const target = req.headers["x-amz-target"];
    if (typeof target !== "string") return new URL(req.url ?? "/", "http://localhost").pathname === "/" ? handleQuery(req, body) : handleS3(s3, iam, req, body);
    const [prefix, op = ""] = target.split(".", 2);
    const service = SERVICES[prefix ?? ""];
    const handler = service?.handlers[op];
    const label = service ? op : target;
    calls[label] = (calls[label] ?? 0) + 1;
    if (!service || !handler) {
      unknownOperations.push(service ? `${service.name}.${op}` : target);
      return jsonError(new AwsError("UnknownOperationException", `The local Identity Center does not implement ${target}. Add it to tests/emulator if the provider or our code needs it.`));
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.throttleRate > 0 && !faults.throttleExempt.includes(op) && throttleDice() < faults.throttleRate) {
      throttled[op] = (throttled[op] ?? 0) + 1;
      return jsonError(new AwsError("ThrottlingException", "Rate exceeded"));
    }
    let input: Record<string, unknown>;
    try {
      input = body.length ? JSON.parse(body) : {};
    } catch {
      return jsonError(new AwsError("SerializationException", "Request body is not valid JSON"));
    }
    try {
      settleOperations(ctx);
      return jsonOk(handler(input, ctx) ?? {});
    } catch (err) {
      if (err instanceof AwsError) return jsonError(err);
      return jsonError(new AwsError("ValidationException", `Emulator failure in ${op}: ${err instanceof Error ? err.message : String(err)}`, 500));
    }
  }

  function handleQuery(req: IncomingMessage, body: string) {
    const params = new URLSearchParams(body);
    const action = params.get("Action") ?? "";
    const label = action ? `STS.${action}` : `${req.method} ${req.url}`;
    calls[label] = (calls[label] ?? 0) + 1;
    const iamAnswer = handleIam(iam, action, params);
    if (iamAnswer) return iamAnswer;
    if (action === "GetCallerIdentity") {
      const role = callerRole(iam, req.headers.authorization);
      const arn = role ? `arn:aws:sts::${state.ownerAccountId}:assumed-role/${role.name}/emulated` : `arn:aws:iam::${state.ownerAccountId}:user/e2e`;
      const xml =
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>${arn}</Arn><UserId>AIDAEMULATOR</UserId><Account>${state.ownerAccountId}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
      return { status: 200, headers: { "content-type": "text/xml" }, body: xml };
    }
    unknownOperations.push(label);
    const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The local Identity Center does not implement ${label}</Message></Error></ErrorResponse>`;
    return { status: 400, headers: { "content-type": "text/xml" }, body: xml };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      handle(req, body).then(
        (out) => {
          if (process.env.EMULATOR_LOG) process.stderr.write(`[emulator] ${req.headers["x-amz-target"] ?? req.url} ${body.slice(0, 300)} -> ${out.status} ${out.body.slice(0, 300)}\n`);
          res.writeHead(out.status, { ...out.headers, "x-amzn-requestid": randomUUID(), "content-length": Buffer.byteLength(out.body) });
          res.end(out.body);
        },
        (err: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(err));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    calls,
    throttled,
    unknownOperations,
    faults,
    iam,
    s3,
    addGroup,
    addUser,
    snapshot: () => {
      settleOperations(ctx);
      return snapshot(state);
    },
    resetCalls: () => {
      for (const k of Object.keys(calls)) delete calls[k];
      for (const k of Object.keys(throttled)) delete throttled[k];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function jsonOk(value: unknown) {
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(value) };
}

function jsonError(err: AwsError) {
  return {
    status: err.status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": err.code },
    body: JSON.stringify({ __type: err.code, message: err.message, ...err.extra }),
  };
}
