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
    const write = process.stderr.write;
    let stderr = "";
    process.stderr.write = ((text: string) => ((stderr += text), true)) as typeof process.stderr.write;
    try {
      expect(await command.run(["--nope"])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr).toContain("usage: access demo --diff FILE");
  });
});
