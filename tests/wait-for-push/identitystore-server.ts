// A tiny AWS JSON 1.1 Identity Store endpoint (ListGroups, GetGroupId, DescribeGroup) for tests that
// run the real SDK or the AWS provider's aws_identitystore_groups and aws_identitystore_group data sources.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  target: string | undefined;
  body: { IdentityStoreId?: string; GroupId?: string; AlternateIdentifier?: { UniqueAttribute?: { AttributePath?: string; AttributeValue?: string } } };
}

export interface FakeIdentityStore {
  url: string;
  requests: RecordedRequest[];
  groups: Set<string>;
  /** Error type names answered (in order) before normal answers, e.g. "AccessDeniedException";
   * "HANG" leaves that request unanswered. */
  errors: string[];
  close(): Promise<void>;
}

/** A stable, UUID-shaped group id per display name. */
export function groupId(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `00000000-0000-4000-8000-${h.toString(16).padStart(12, "0")}`;
}

export async function startFakeIdentityStore(groups: string[] = []): Promise<FakeIdentityStore> {
  const state = { requests: [] as RecordedRequest[], groups: new Set(groups), errors: [] as string[] };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as RecordedRequest["body"];
      state.requests.push({ target: req.headers["x-amz-target"] as string | undefined, body });
      const reply = (status: number, json: object) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(json));
      };
      const error = state.errors.shift();
      if (error === "HANG") return;
      if (error) return reply(error === "InternalServerException" ? 500 : 400, { __type: error, message: `${error} from the fake` });
      if (req.headers["x-amz-target"] === "AWSIdentityStore.ListGroups") {
        const all = [...state.groups].sort().map((g) => ({ GroupId: groupId(g), DisplayName: g, ExternalIds: [], IdentityStoreId: body.IdentityStoreId }));
        return reply(200, { Groups: all });
      }
      if (req.headers["x-amz-target"] === "AWSIdentityStore.DescribeGroup") {
        const name = [...state.groups].find((g) => groupId(g) === body.GroupId);
        if (name) return reply(200, { GroupId: body.GroupId, DisplayName: name, ExternalIds: [], IdentityStoreId: body.IdentityStoreId });
        return reply(400, { __type: "ResourceNotFoundException", message: `GROUP ${body.GroupId} not found`, ResourceType: "GROUP" });
      }
      const name = body.AlternateIdentifier?.UniqueAttribute?.AttributeValue ?? "";
      if (state.groups.has(name)) return reply(200, { GroupId: groupId(name), IdentityStoreId: body.IdentityStoreId });
      reply(400, { __type: "ResourceNotFoundException", message: `GROUP ${name} not found`, ResourceType: "GROUP" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** Env for the SDK: fake static credentials and the endpoint override under test. */
export function sdkEnv(url: string, variable = "AWS_ENDPOINT_URL_IDENTITYSTORE"): Record<string, string> {
  return {
    [variable]: url,
    AWS_ACCESS_KEY_ID: "AKIAFAKEFORTESTS0000",
    AWS_SECRET_ACCESS_KEY: "fake-secret-for-tests",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  };
}
