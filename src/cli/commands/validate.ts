import { existsSync, statSync } from "node:fs";
import { formatFindings, hasErrors, loadModel } from "../../model/index.js";
import type { Command } from "../command.js";
import { modelDirOption, oneOf, parseOptions, todayOption, UsageError, withUsage } from "../args.js";

const USAGE = `usage: access validate [--model DIR] [--format text|json|github] [--today YYYY-MM-DD | --now INSTANT]

Checks every *.yaml file under the model folder (default: access-model, or $ACCESS_MODEL_DIR).
Exit 0 when valid (warnings allowed), 1 when invalid, 2 on usage errors.
  text    one line per finding on stderr: FILE:LINE:COL: error: message (and a summary on stdout)
  github  ::error file=..,line=..,col=..:: workflow annotations on stdout
  json    a list of { file, line, col, severity, code, message } on stdout`;

export const command: Command = {
  summary: "check the access model and report every problem with file:line:col",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        model: { type: "string" },
        format: { type: "string" },
        today: { type: "string" },
        now: { type: "string" },
      });
      const format = oneOf("format", opts.format, ["text", "json", "github"] as const, "text");
      const dir = modelDirOption(opts.model);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`model folder ${dir} does not exist`);
      const today = todayOption(opts.today, opts.now);
      const { model, findings } = loadModel(dir, today ? { today } : {});
      const out = formatFindings(findings, format);
      if (format === "text") {
        if (out) process.stderr.write(out + "\n");
        if (model) {
          const counts = `${model.accounts.length} accounts, ${model.groups.length} groups, ${model.permissionSets.length} permission sets, ${model.assignments.length} assignments`;
          process.stdout.write(`${dir}: valid (${counts})\n`);
        } else {
          const errors = findings.filter((f) => f.severity === "error").length;
          process.stdout.write(`${dir}: ${errors} error${errors === 1 ? "" : "s"}\n`);
        }
      } else if (out || format === "json") process.stdout.write(out + "\n");
      return hasErrors(findings) ? 1 : 0;
    }),
};
