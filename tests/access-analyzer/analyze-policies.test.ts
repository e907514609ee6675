// IAM Access Analyzer ValidatePolicy over the model's inline policies, against a local fake of the
// service's API, with findings placed at the policy file's line.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import { analyzePolicies, pathOf } from "../../src/aws/access-analyzer.js";
import { inlinePolicies } from "../../src/model/inline-policies.js";
import { baseFiles, writeModel } from "../model/fixtures.js";
import { startFakeAccessAnalyzer, type FakeAccessAnalyzer } from "./fake-access-analyzer.js";

let fake: FakeAccessAnalyzer;
beforeAll(async () => {
  fake = await startFakeAccessAnalyzer();
});
afterAll(() => fake.close());

const CREDS = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1" };

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::reports/*", "arn:aws:s3:::reports"] },
    { "Effect": "Allow", "Action": ["iam:PassRole"],
      "Resource": "*" }
  ]
}
`;
const model = () => writeModel(baseFiles({ "ps.yaml": "permission_sets:\n  - name: Reports\n    inline_policy: policies/reports.json\n", "policies/reports.json": POLICY }));

function client(): AccessAnalyzerClient {
  return new AccessAnalyzerClient({ region: "us-east-1", endpoint: fake.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
}

describe("analyzePolicies", () => {
  it("sends each inline policy as an identity policy and maps every finding, over all pages, to the policy file's line", async () => {
    const dir = model();
    const { policies } = inlinePolicies(dir);
    const findings = await analyzePolicies(policies, { region: "us-east-1", client: client() });
    const shown = findings.map((f) => `${f.file.replace(`${dir}/`, "")}:${f.line}:${f.col}: ${f.severity}: ${f.code}`);
    expect(shown).toEqual(["policies/reports.json:5:46: error: access-analyzer-missing-arn-field", "policies/reports.json:7:19: warning: access-analyzer-pass-role-with-star-in-resource"]);
    expect(findings[0]!.message).toMatch(/^IAM Access Analyzer error in the inline policy of Reports: The action s3:GetObject does not support/);
    const sent = fake.requests.filter((r) => !r.body.nextToken);
    expect(sent.at(-1)!.body).toEqual({ policyDocument: policies[0]!.text, policyType: "IDENTITY_POLICY" });
    expect(fake.requests.some((r) => r.body.nextToken === "1")).toBe(true);
  });

  it("stops at a value or substring element of a path", () => {
    expect(pathOf([{ key: "Statement" }, { index: 2 }, { key: "Action" }, { value: "s3:x" } as never, { index: 9 }])).toEqual(["Statement", 2, "Action"]);
  });
});

describe("access analyze-policies", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "analyze-policies", ...args], { env: { ...process.env, ...env } });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (c) => (stdout += c));
      p.stderr.on("data", (c) => (stderr += c));
      p.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });

  it("annotates findings for GitHub and exits 1 on an error finding", async () => {
    const dir = model();
    const run = await cli(["--model", dir, "--format", "github"], { ...CREDS, AWS_ENDPOINT_URL_ACCESSANALYZER: fake.url });
    expect(run.status, run.stderr).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^::error file=${dir.replace(/[/.]/g, "\\$&")}/policies/reports\\.json,line=5,col=46::IAM Access Analyzer error`));
    expect(lines[1]).toMatch(/^::warning file=.*reports\.json,line=7,col=19::IAM Access Analyzer security warning/);
  });

  it("fails with the AWS error when the role may not call ValidatePolicy", async () => {
    fake.errors.push("AccessDeniedException");
    const run = await cli(["--model", model()], { ...CREDS, AWS_ENDPOINT_URL_ACCESSANALYZER: fake.url, AWS_MAX_ATTEMPTS: "1" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^analyze-policies: .*AccessDenied/m);
  });
});
