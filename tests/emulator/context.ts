// What every operation handler gets: the state, the current fault settings and their dice.
import type { Faults } from "./faults.js";
import type { EmulatorState } from "./state.js";

export interface HandlerContext {
  state: EmulatorState;
  faults: Faults;
  /** Decides which async operations fail. */
  asyncDice: () => number;
  /** Fresh ids: unique, not part of any test's dice. */
  uuid: () => string;
  hex: (length: number) => string;
  pageSize: number;
  now: () => number;
}

export type Handler = (input: Record<string, unknown>, ctx: HandlerContext) => unknown;

/** Offset pagination behind an opaque token, as the service's NextToken is opaque. */
export function paginate<T>(items: T[], input: Record<string, unknown>, defaultSize: number): { page: T[]; NextToken?: string } {
  const max = typeof input.MaxResults === "number" && input.MaxResults > 0 ? input.MaxResults : defaultSize;
  const start = typeof input.NextToken === "string" ? Number(Buffer.from(input.NextToken, "base64url").toString("utf8").replace(/^offset:/, "")) : 0;
  const page = items.slice(start, start + max);
  const next = start + max;
  return next < items.length ? { page, NextToken: Buffer.from(`offset:${next}`, "utf8").toString("base64url") } : { page };
}
