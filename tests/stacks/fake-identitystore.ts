// A tiny stand-in for the Identity Store API (ListGroups, GetGroupId, DescribeGroup), enough for the
// AWS provider's `aws_identitystore_groups` and `aws_identitystore_group` data sources. It runs in a worker thread because the
// terraform helpers block the main thread while terraform runs.
import { Worker } from "node:worker_threads";

const SERVER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const groups = new Map(Object.entries(workerData.groups)); // display name -> group id
const calls = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const target = String(req.headers["x-amz-target"] || "");
    const input = body ? JSON.parse(body) : {};
    calls.push({ target, input });
    const send = (status, obj, type) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) });
      res.end(JSON.stringify(obj));
    };
    if (target.endsWith(".GetGroupId")) {
      const name = input.AlternateIdentifier && input.AlternateIdentifier.UniqueAttribute && input.AlternateIdentifier.UniqueAttribute.AttributeValue;
      const id = groups.get(name);
      if (!id) return send(400, { __type: "ResourceNotFoundException", message: "group " + name + " not found" }, "ResourceNotFoundException");
      return send(200, { GroupId: id, IdentityStoreId: input.IdentityStoreId });
    }
    if (target.endsWith(".ListGroups")) {
      const all = [...groups].map(([name, id]) => ({ GroupId: id, DisplayName: name, IdentityStoreId: input.IdentityStoreId, ExternalIds: [] }));
      return send(200, { Groups: all });
    }
    if (target.endsWith(".DescribeGroup")) {
      for (const [name, id] of groups) {
        if (id === input.GroupId) return send(200, { GroupId: id, DisplayName: name, IdentityStoreId: input.IdentityStoreId, ExternalIds: [] });
      }
      return send(400, { __type: "ResourceNotFoundException", message: "no group " + input.GroupId }, "ResourceNotFoundException");
    }
    send(400, { __type: "UnknownOperationException", message: target }, "UnknownOperationException");
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "calls") parentPort.postMessage({ calls });
  else if (m && m.push) { groups.set(m.push.name, m.push.id); parentPort.postMessage({ pushed: m.push.name }); }
});
`;

export interface FakeIdentityStore {
  endpoint: string;
  calls(): Promise<{ target: string; input: unknown }[]>;
  /** Makes a group appear, as a SCIM push would. */
  push(name: string, id: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake with `groups`: display name -> group id (the groups already pushed). */
export async function startFakeIdentityStore(groups: Record<string, string>): Promise<FakeIdentityStore> {
  const worker = new Worker(SERVER, { eval: true, workerData: { groups } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", (m: { port: number }) => resolve(m.port));
    worker.once("error", reject);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () =>
      new Promise((resolve) => {
        worker.once("message", (m: { calls: { target: string; input: unknown }[] }) => resolve(m.calls));
        worker.postMessage("calls");
      }),
    push: (name, id) =>
      new Promise((resolve) => {
        worker.once("message", () => resolve());
        worker.postMessage({ push: { name, id } });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
