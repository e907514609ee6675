// Option definitions generate the usage text: what a command accepts and what its --help says
// cannot drift apart.
import { describe, expect, it } from "vitest";
import { defineCommand, usageText } from "../../src/cli/options.js";

describe("option definitions", () => {
  const spec = {
    name: "demo",
    description: "Does a demo.",
    options: {
      diff: { type: "string", value: "FILE", required: true, help: "the access diff" },
      plan: { type: "string", value: "FILE", multiple: true, help: "a plan\nrepeatable" },
      yes: { type: "boolean", help: "do it" },
    },
    exit: "Exit 0 ok, 2 on usage errors.",
  } as const;

  it("write the synopsis and one entry per option, continuation lines aligned", () => {
    expect(usageText(spec)).toBe(
      [
        "usage: access demo --diff FILE [--plan FILE ...] [--yes]",
        "",
        "Does a demo.",
        "  --diff FILE  the access diff",
        "  --plan FILE  a plan",
        "               repeatable",
        "  --yes        do it",
        "Exit 0 ok, 2 on usage errors.",
      ].join("\n"),
    );
  });

  it("parse exactly the options they define and end a misuse with exit 2", async () => {
    const seen: unknown[] = [];
    const command = defineCommand({ ...spec, summary: "demo", run: async (opts) => (seen.push(opts), 0) });
    expect(await command.run(["--diff", "d.json", "--plan", "a", "--plan", "b", "--yes"])).toBe(0);
    expect(seen).toEqual([{ diff: "d.json", plan: ["a", "b"], yes: true }]);
    const stderr = await capturingStderr(async () => expect(await command.run(["--nope"])).toBe(2));
    expect(stderr).toContain("usage: access demo --diff FILE");
  });

  it("take an operand where it is defined: a sub-command among choices, or any one value", async () => {
    const seen: unknown[] = [];
    const sub = defineCommand({
      name: "demo",
      summary: "demo",
      description: "Does a demo.",
      operand: { value: "sync", choices: ["sync"], missing: "missing subcommand: demo sync" },
      options: { yes: { type: "boolean", help: "do it" } },
      exit: "",
      run: async (opts, operand) => (seen.push([opts, operand]), 0),
    });
    expect(sub.usage.split("\n")[0]).toBe("usage: access demo sync [--yes]");
    expect(await sub.run(["sync", "--yes"])).toBe(0);
    expect(await sub.run(["--yes", "sync"])).toBe(0);
    expect(seen).toEqual([[{ yes: true }, "sync"], [{ yes: true }, "sync"]]);
    const one = defineCommand({ ...spec, summary: "demo", operand: { value: "<login>", missing: "give one login" }, run: async (_, login) => (seen.push(login), 0) });
    expect(await one.run(["jane", "--diff", "d"])).toBe(0);
    expect(seen.at(-1)).toBe("jane");
    const stderr = await capturingStderr(async () => {
      expect(await sub.run(["--yes"])).toBe(2);
      expect(await sub.run(["sink"])).toBe(2);
      expect(await one.run(["--diff", "d"])).toBe(2);
      expect(await one.run(["a", "b"])).toBe(2);
    });
    expect(stderr).toContain("access: missing subcommand: demo sync\nusage: access demo sync");
    expect(stderr).toContain('access: unknown demo subcommand "sink" (choose from sync)');
    expect(stderr).toContain("access: give one login\nusage: access demo <login> --diff FILE");
    expect(stderr).toContain('access: unexpected argument "b" after a');
  });

  it("refuse an operand where none is defined", async () => {
    const command = defineCommand({ ...spec, summary: "demo", run: async () => 0 });
    const stderr = await capturingStderr(async () => expect(await command.run(["stray", "--diff", "d"])).toBe(2));
    expect(stderr).toContain("stray");
  });
});

async function capturingStderr(body: () => Promise<unknown>): Promise<string> {
  const write = process.stderr.write;
  let stderr = "";
  process.stderr.write = ((text: string) => ((stderr += text), true)) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = write;
  }
  return stderr;
}
