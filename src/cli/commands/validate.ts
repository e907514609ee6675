import { existsSync, statSync } from "node:fs";
import { formatFindings, hasErrors, loadModel } from "../../model/index.js";
import { modelDirOption, oneOf } from "../args.js";
import { todayOption } from "../dates.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "validate",
  summary: "check the access model and report every problem with file:line:col",
  description: `Checks every *.yaml file under the model folder (default: access-model, or $ACCESS_MODEL_DIR).
Exit 0 when valid (warnings allowed), 1 when invalid, 2 on usage errors.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: {
      type: "string",
      value: "text|json|github",
      help: "text: one line per finding on stderr: FILE:LINE:COL: error: message (and a summary on stdout)\ngithub: ::error file=..,line=..,col=..:: workflow annotations on stdout\njson: a list of { file, line, col, severity, code, message } on stdout",
    },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else today UTC)" },
    now: { type: "string", value: "INSTANT", help: "the instant expiry is judged at, e.g. 2027-01-05T18:00Z (default $ACCESS_NOW)" },
  },
  exit: "",
  run: async (opts) => {
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
  },
});
