// The repository_dispatch audit record, against a local HTTP server answering as GitHub's REST API
// does (204 on success): the request GitHub documents, and a refusal reported with its status.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchRevocation } from "../../src/revocation/audit.js";

const seen: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"]; body: unknown }> = [];
let status = 204;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    res.writeHead(status).end(status === 204 ? "" : JSON.stringify({ message: "Bad credentials" }));
  });
});
let apiUrl = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("repository_dispatch of a revocation", () => {
  it("posts the access-revocation event with the record as client_payload", async () => {
    await dispatchRevocation({ repository: "acme/access", token: "t0k", apiUrl }, { login: "lee@example.com", outcome: "added" });
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/repos/acme/access/dispatches",
      headers: expect.objectContaining({ authorization: "Bearer t0k", accept: "application/vnd.github+json" }),
      body: { event_type: "access-revocation", client_payload: { login: "lee@example.com", outcome: "added" } },
    });
  });

  it("throws with GitHub's status when the dispatch is refused", async () => {
    status = 401;
    await expect(dispatchRevocation({ repository: "acme/access", token: "bad", apiUrl }, {})).rejects.toThrow(/answered HTTP 401/);
  });
});
