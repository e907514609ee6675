// The wire conventions every area of the local Okta API shares: JSON answers, Okta's error body
// (errorCode, errorSummary, errorLink, errorId, errorCauses) and Link-header pagination.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The parsed JSON body, or undefined when there was none. */
  body: any;
  /** Capture groups of the route's pattern. */
  params: string[];
}

/** One endpoint: a method, a path pattern and the OAuth scope family it belongs to. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  pattern: RegExp;
  /** e.g. "okta.groups": GET needs .read (or .manage), other methods .manage. Undefined: no token needed. */
  scope?: string;
  handle(ctx: RouteContext): number;
}

export function send(res: ServerResponse, status: number, body?: unknown): number {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return status;
  }
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
  return status;
}

export function sendXml(res: ServerResponse, xml: string): number {
  res.statusCode = 200;
  res.setHeader("Content-Type", "application/xml");
  res.end(xml);
  return 200;
}

export function oktaError(res: ServerResponse, status: number, errorCode: string, errorSummary: string, causes: string[] = []): number {
  return send(res, status, {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: `oae${randomBytes(9).toString("base64url")}`,
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  });
}

export const notFound = (res: ServerResponse, id: string, kind: string) => oktaError(res, 404, "E0000007", `Not found: Resource not found: ${id} (${kind})`);

/** Okta's validation failure: "Api validation failed: <field>" with the reason as the cause. */
export const invalid = (res: ServerResponse, field: string, reason: string) => oktaError(res, 400, "E0000001", `Api validation failed: ${field}`, [`${field}: ${reason}`]);

/** A page of `all` from the `after` cursor, with Link rel="self" and, when more remain, rel="next". */
export function page(res: ServerResponse, url: URL, all: unknown[], maxPage: number): number {
  const asked = Number(url.searchParams.get("limit") ?? maxPage) || maxPage;
  const limit = Math.min(asked, maxPage);
  const start = Number(url.searchParams.get("after") ?? 0) || 0;
  const items = all.slice(start, start + limit);
  const links = [`<${url.href}>; rel="self"`];
  if (start + limit < all.length) {
    const next = new URL(url);
    next.searchParams.set("after", String(start + limit));
    next.searchParams.set("limit", String(limit));
    links.push(`<${next.href}>; rel="next"`);
  }
  res.setHeader("Link", links);
  return send(res, 200, items);
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, ".000Z");
}

/** Okta-looking ids: a type prefix and random characters, 20 in all. */
export function newId(prefix: string): string {
  return prefix + randomBytes(16).toString("base64url").replace(/[-_]/g, "x").slice(0, 20 - prefix.length);
}
