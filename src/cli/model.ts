// The model a command works on, with one behaviour for findings: warnings go to stderr and the
// command goes on; errors go to stderr with what to do, and the command ends with exit 1.
import { formatFindings, loadModel, type LoadOptions } from "../model/index.js";
import type { Finding, ResolvedModel } from "../model/types.js";
import { ModelInvalidError } from "./errors.js";

/** Reports findings of a model that loaded or did not, the same way for every command. */
export function reportFindings(command: string, dir: string, findings: readonly Finding[], loaded: boolean, what = "the model"): void {
  if (loaded) {
    const warnings = findings.filter((f) => f.severity === "warning");
    if (warnings.length > 0) process.stderr.write(`${formatFindings(warnings, "text")}\n`);
    return;
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  process.stderr.write(`${formatFindings([...findings], "text")}\naccess ${command}: ${what} in ${dir} is invalid (${errors} error(s)); fix it first\n`);
}

/** The resolved model in `dir`, or a ModelInvalidError (exit 1) after its findings are on stderr. */
export function requireModel(command: string, dir: string, options: LoadOptions = {}, what = "the model"): ResolvedModel {
  const { model, findings } = loadModel(dir, options);
  reportFindings(command, dir, findings, model !== undefined, what);
  if (!model) throw new ModelInvalidError(`${what} in ${dir} is invalid`);
  return model;
}
