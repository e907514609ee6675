// `access <command> [options]`: one module per command under ./commands, loaded on demand so a
// command only pays for what it imports.
import { pathToFileURL } from "node:url";
import type { Command } from "./command.js";

export const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  validate: () => import("./commands/validate.js"),
  diff: () => import("./commands/diff.js"),
  comment: () => import("./commands/comment.js"),
  "wait-for-push": () => import("./commands/wait-for-push.js"),
  schema: () => import("./commands/schema.js"),
  import: () => import("./commands/import.js"),
  accounts: () => import("./commands/accounts.js"),
  explain: () => import("./commands/explain.js"),
  threshold: () => import("./commands/threshold.js"),
  "approve-plans": () => import("./commands/approve-plans.js"),
  "check-approved": () => import("./commands/check-approved.js"),
  expiring: () => import("./commands/expiring.js"),
  report: () => import("./commands/report.js"),
  "okta-check": () => import("./commands/okta-check.js"),
  provisioning: () => import("./commands/provisioning.js"),
  audit: () => import("./commands/audit.js"),
  "review-issue": () => import("./commands/review-issue.js"),
  approval: () => import("./commands/approval.js"),
  "analyze-policies": () => import("./commands/analyze-policies.js"),
  synth: () => import("./commands/synth.js"),
  leaver: () => import("./commands/leaver.js"),
  person: () => import("./commands/person.js"),
  "scim-health": () => import("./commands/scim-health.js"),
  doctor: () => import("./commands/doctor.js"),
  "onboarding-decision": () => import("./commands/onboarding-decision.js"),
  elevate: () => import("./commands/elevate.js"),
};

async function usage(): Promise<string> {
  const lines = ["usage: access <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${name.padEnd(14)} ${(await load()).command.summary}`);
    } catch {
      // A command module that is not present yet is simply not listed.
    }
  }
  lines.push("", "run `access <command> --help` for a command's options");
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write((await usage()) + "\n");
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`access: unknown command "${name}"\n${await usage()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.usage + "\n");
    return 0;
  }
  return command.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`access: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
