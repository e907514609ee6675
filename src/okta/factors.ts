// Before the privileged sign-on tier (phishing-resistant factors only) applies: which members of
// the groups it covers have no phishing-resistant factor enrolled, and would be locked out of AWS.
// Okta counts FIDO2 WebAuthn (`webauthn`) and Okta Verify FastPass (`signed_nonce`) as
// phishing-resistant; OTPs, push and SMS are not. Reads GET /api/v1/users/{id}/factors with its
// own token for okta.users.read, so a service app without that scope loses only this check.
import { finding } from "../model/findings.js";
import { cmp } from "../model/order.js";
import type { Finding, ResolvedModel, SourceRef } from "../model/types.js";
import type { OktaCredentials } from "./credentials.js";
import { oktaClient, type OktaPerson } from "./directory.js";

export const FACTORS_SCOPE = "okta.users.read";
export const PHISHING_RESISTANT_FACTOR_TYPES: ReadonlySet<string> = new Set(["webauthn", "signed_nonce"]);

/** People who cannot sign in anyway: the tier does not lock them out. */
const INACTIVE = new Set(["SUSPENDED", "DEPROVISIONED"]);

export interface EnrolledFactor {
  type: string;
  status: string;
}

export interface FactorReader {
  /** The user's enrolled factors; undefined when Okta no longer has the user. */
  factors(userId: string): Promise<EnrolledFactor[] | undefined>;
}

export type FactorCheck = { readable: true; checked: number; findings: Finding[] } | { readable: false; reason: string; findings: Finding[] };

export function oktaFactorReader(creds: OktaCredentials): FactorReader {
  const client = oktaClient(creds, [FACTORS_SCOPE]);
  return {
    async factors(userId) {
      try {
        const out: EnrolledFactor[] = [];
        for await (const f of await client.userFactorApi.listFactors({ userId })) {
          if (f) out.push({ type: String(f.factorType ?? ""), status: String(f.status ?? "") });
        }
        return out;
      } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      }
    },
  };
}

export const hasPhishingResistantFactor = (factors: EnrolledFactor[]): boolean => factors.some((f) => f.status === "ACTIVE" && PHISHING_RESISTANT_FACTOR_TYPES.has(f.type));

function list(people: string[]): string {
  return people.length > 10 ? `${people.slice(0, 10).join(", ")} and ${people.length - 10} more` : people.join(", ");
}

/**
 * One warning per group the phishing-resistant tier covers (the privileged groups, or every group
 * when the everyone tier requires it too) with members lacking such a factor.
 */
export async function checkPhishingResistantFactors(model: ResolvedModel, members: ReadonlyMap<string, OktaPerson[]>, reader: FactorReader): Promise<FactorCheck> {
  const { everyone, privileged } = model.organization.okta.signOn;
  const covered = model.groups.filter((g) => (everyone.phishingResistant || (g.privileged && privileged.phishingResistant)) && members.has(g.name));
  const at = (group: string): SourceRef => model.sources?.groups.get(group) ?? { file: "(model)", line: 1, col: 1 };
  const without = new Map<string, boolean>(); // user id -> lacks a phishing-resistant factor
  const findings: Finding[] = [];
  try {
    for (const group of covered) {
      const lacking: string[] = [];
      const people = members.get(group.name)!.filter((p) => !INACTIVE.has(p.status));
      for (const person of people) {
        if (!without.has(person.id)) {
          const factors = await reader.factors(person.id);
          without.set(person.id, factors !== undefined && !hasPhishingResistantFactor(factors));
        }
        if (without.get(person.id)) lacking.push(person.login);
      }
      if (lacking.length === 0) continue;
      lacking.sort(cmp);
      const tier = everyone.phishingResistant && !(group.privileged && privileged.phishingResistant) ? "everyone" : "privileged";
      findings.push(
        finding(
          "warning",
          "okta-phishing-resistant-factor-missing",
          at(group.name),
          `group "${group.name}" gets the ${tier} sign-on tier, which allows only phishing-resistant factors, but ${lacking.length} of its ${people.length} active members ${lacking.length === 1 ? "has" : "have"} none enrolled (${list(lacking)}): they would be locked out of AWS once it applies; have them enroll Okta Verify FastPass or a FIDO2 (WebAuthn) authenticator first`,
        ),
      );
    }
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why = status ? `HTTP ${status}` : err instanceof Error ? err.message.split("\n")[0] : String(err);
    return { readable: false, reason: `users' factors cannot be read (the service app needs ${FACTORS_SCOPE}): ${why}`, findings: [] };
  }
  return { readable: true, checked: without.size, findings };
}
