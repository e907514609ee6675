// S3 for the local emulator, REST protocol with path-style addressing (/bucket/key): the calls
// Terraform's S3 backend and `access doctor` make on the state bucket. HeadBucket, the bucket's
// versioning and encryption, ListObjectsV2, and conditional PutObject (If-None-Match: *, the
// S3-native lock) / GetObject / DeleteObject. A request signed with a role's access key is
// checked against that role's policies (iam.ts) and answers AccessDenied when IAM would.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { callerRole, evaluate, type IamState } from "./iam.js";

export interface EmulatedBucket {
  name: string;
  versioning: "Enabled" | "Suspended" | undefined;
  encryption?: { algorithm: "aws:kms" | "AES256"; kmsKeyId?: string };
  objects: Map<string, { body: string; lastModified: Date }>;
}

export interface S3State {
  buckets: Map<string, EmulatedBucket>;
}

export function newS3State(): S3State {
  return { buckets: new Map() };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const xml = (status: number, body: string, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/xml", ...headers },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});
const error = (status: number, code: string, message: string): Answer => xml(status, `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`);

/** Answers a path-style S3 request (anything but POST /, which the query protocol owns). */
export function handleS3(s3: S3State, iam: IamState, req: IncomingMessage, body: string): Answer {
  const url = new URL(req.url ?? "/", "http://localhost");
  const [, bucketName = "", ...keyParts] = url.pathname.split("/");
  const key = decodeURIComponent(keyParts.join("/"));
  const method = req.method ?? "GET";
  const bucket = s3.buckets.get(bucketName);
  const q = url.searchParams;
  const [action, resource] = !key
    ? [q.has("versioning") ? "s3:GetBucketVersioning" : q.has("encryption") ? "s3:GetEncryptionConfiguration" : "s3:ListBucket", `arn:aws:s3:::${bucketName}`]
    : [method === "PUT" ? "s3:PutObject" : method === "DELETE" ? "s3:DeleteObject" : "s3:GetObject", `arn:aws:s3:::${bucketName}/${key}`];
  const role = callerRole(iam, req.headers.authorization);
  if (role && evaluate(role, action, resource) !== "allowed") {
    return error(403, "AccessDenied", `User: ${role.arn} is not authorized to perform: ${action} on resource: ${resource}`);
  }
  if (!bucket) return error(404, "NoSuchBucket", "The specified bucket does not exist");
  if (!key) {
    if (method === "HEAD") return { status: 200, headers: { "x-amz-bucket-region": "us-east-1" }, body: "" };
    if (q.has("versioning")) return xml(200, `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${bucket.versioning ? `<Status>${bucket.versioning}</Status>` : ""}</VersioningConfiguration>`);
    if (q.has("encryption")) {
      const e = bucket.encryption ?? { algorithm: "AES256" as const };
      return xml(
        200,
        `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${e.algorithm}</SSEAlgorithm>${e.kmsKeyId ? `<KMSMasterKeyID>${e.kmsKeyId}</KMSMasterKeyID>` : ""}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
      );
    }
    if (method === "GET") {
      const prefix = q.get("prefix") ?? "";
      const keys = [...bucket.objects.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
      const contents = keys.map(([k, o]) => `<Contents><Key>${k}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><Size>${Buffer.byteLength(o.body)}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
      return xml(200, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket.name}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join("")}</ListBucketResult>`);
    }
    return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  }
  const existing = bucket.objects.get(key);
  if (method === "PUT") {
    if (req.headers["if-none-match"] === "*" && existing) return error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    bucket.objects.set(key, { body, lastModified: new Date() });
    return { status: 200, headers: { etag: `"${randomUUID().replace(/-/g, "")}"` }, body: "" };
  }
  if (method === "DELETE") {
    bucket.objects.delete(key);
    return { status: 204, headers: {}, body: "" };
  }
  if (!existing) return error(404, "NoSuchKey", "The specified key does not exist.");
  return { status: 200, headers: { "content-type": "application/octet-stream", "last-modified": existing.lastModified.toUTCString() }, body: method === "HEAD" ? "" : existing.body };
}
