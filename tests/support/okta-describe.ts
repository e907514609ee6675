// Tests that need the real okta provider are skipped LOUDLY when it is not installed: their names
// say "(needs the okta provider: <why>)" and the global setup prints one warning line.
import { describe } from "vitest";
import { findOktaProvider } from "./okta-provider.js";

/** `describe`, or a `describe.skip` whose name says why, when the okta provider is missing. */
export function describeWithOktaProvider(name: string, body: () => void): void {
  const found = findOktaProvider();
  if (found.missing) describe.skip(`${name} (needs the okta provider: ${found.missing})`, body);
  else describe(name, body);
}
