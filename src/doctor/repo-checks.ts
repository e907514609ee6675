// Prerequisites in the checkout itself: the committed provider lock files, which CI's
// `terraform init -lockfile=readonly` needs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, pass, type Check } from "./check.js";

const PROVIDERS = [
  { kind: "identity-center", provider: "registry.terraform.io/hashicorp/aws" },
  { kind: "okta", provider: "registry.terraform.io/okta/okta" },
] as const;

const lockFiles: Check = {
  id: "lock-files",
  code: 40,
  area: "repo",
  title: "provider lock files are committed for every stack kind",
  async run(ctx) {
    const missing: string[] = [];
    for (const { kind, provider } of PROVIDERS) {
      const file = join(ctx.root, "terraform", kind, ".terraform.lock.hcl");
      const pinned = /^\s*version\s*=\s*"([^"]+)"/m.exec(existsSync(join(ctx.root, "terraform", kind, "versions.tf")) ? readFileSync(join(ctx.root, "terraform", kind, "versions.tf"), "utf8") : "")?.[1];
      if (!existsSync(file)) {
        missing.push(`terraform/${kind}/.terraform.lock.hcl is missing`);
        continue;
      }
      const lock = readFileSync(file, "utf8");
      const block = new RegExp(`provider "${provider.replace(/[./]/g, "\\$&")}" \\{[^}]*version\\s*=\\s*"([^"]+)"`).exec(lock);
      if (!block) missing.push(`terraform/${kind}/.terraform.lock.hcl has no ${provider}`);
      else if (pinned && block[1] !== pinned) missing.push(`terraform/${kind}/.terraform.lock.hcl locks ${block[1]}, versions.tf pins ${pinned}`);
    }
    if (missing.length) return fail(missing.join("; "), `run scripts/lock-providers.sh ${missing.some((m) => m.includes("okta")) ? "okta" : "identity-center"} on a machine that reaches the Terraform registry and commit the lock file`);
    return pass("terraform/identity-center and terraform/okta locks match versions.tf");
  },
};

export const REPO_CHECKS: readonly Check[] = [lockFiles];
