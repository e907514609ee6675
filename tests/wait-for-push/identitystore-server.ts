// A tiny AWS JSON 1.1 endpoint answering identitystore GetGroupId, for tests that run the real SDK.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  target: string | undefined;
  body: { IdentityStoreId?: string; AlternateIdentifier?: { UniqueAttribute?: { AttributePath?: string; AttributeValue?: string } } };
}

export interface FakeIdentityStore {
  url: string;
  requests: RecordedRequest[];
  groups: Set<string>;
  /** Error type names answered (in order) before normal answers, e.g. "AccessDeniedException". */
  errors: string[];
  close(): Promise<void>;
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
      if (error) return reply(error === "InternalServerException" ? 500 : 400, { __type: error, message: `${error} from the fake` });
      const name = body.AlternateIdentifier?.UniqueAttribute?.AttributeValue ?? "";
      if (state.groups.has(name)) return reply(200, { GroupId: `id-${name}`, IdentityStoreId: body.IdentityStoreId });
      reply(400, { __type: "ResourceNotFoundException", message: `GROUP ${name} not found`, ResourceType: "GROUP" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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
