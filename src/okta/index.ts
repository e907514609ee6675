// Okta, read-only: credentials from the environment, the SDK-backed reader, and what the model's
// groups look like there.
export { oktaCredentialsFromEnv, OktaConfigError, READ_SCOPES, type OktaCredentials } from "./credentials.js";
export { oktaReader, type OktaGroup, type OktaPerson, type OktaReader, type PushedGroups } from "./directory.js";
export { countPeople, peopleCounts, readModelGroups, type ModelGroupsInOkta } from "./people.js";
export { checkPhishingResistantFactors, FACTORS_SCOPE, oktaFactorReader, PHISHING_RESISTANT_FACTOR_TYPES, type FactorCheck, type FactorReader } from "./factors.js";
