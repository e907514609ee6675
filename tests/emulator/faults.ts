// Fault injection settings, mutable per test, and the seeded PRNG that makes them deterministic.

export interface Faults {
  /** Share (0..1) of calls answered with ThrottlingException before they touch any state. */
  throttleRate: number;
  /** Operations exempt from random throttling (e.g. to keep a plan's reads quiet). */
  throttleExempt: string[];
  /** Share (0..1) of async operations (assignment create/delete, provisioning) that end FAILED. */
  asyncFailureRate: number;
  /** Share (0..1) of ProvisionPermissionSet operations that end FAILED (besides asyncFailureRate). */
  provisionFailureRate: number;
  /**
   * Accounts where provisioning a permission set (ProvisionPermissionSet, or the provisioning an
   * assignment creation does) always ends FAILED, as when a customer managed policy it references
   * is missing there (terraform-provider-aws #38247).
   */
  provisioningFailsIn: string[];
  /** At most this many assignment create/delete operations IN_PROGRESS at once; Infinity = no cap. */
  maxOutstandingAssignmentOps: number;
  /** What a call over the cap gets: the service answers both in the wild. */
  outstandingCapError: "ThrottlingException" | "ConflictException";
  /** Added to every response, in milliseconds. */
  latencyMs: number;
  /** An async operation stays IN_PROGRESS for at least this many status polls ... */
  asyncPolls: number;
  /** ... and at least this many milliseconds after it was requested. */
  asyncMs: number;
}

export const defaultFaults = (): Faults => ({
  throttleRate: 0,
  throttleExempt: [],
  asyncFailureRate: 0,
  provisionFailureRate: 0,
  provisioningFailsIn: [],
  maxOutstandingAssignmentOps: Infinity,
  outstandingCapError: "ThrottlingException",
  latencyMs: 0,
  asyncPolls: 0,
  asyncMs: 100,
});


export { seededRandom } from "../support/random.js";
