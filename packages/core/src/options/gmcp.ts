/**
 * GMCP (Generic MUD Communication Protocol), option 201 — mud-gmcp.md.
 *
 * Each subnegotiation is `IAC SB GMCP <Package.SubPackage.Message> [<space> <JSON>] IAC SE`,
 * UTF-8 text. The server offers (WILL GMCP), the client agrees (DO GMCP); from then on
 * both may send messages. Package names are case insensitive, so every event carries the
 * name as sent and in lower case. Data that is not valid JSON gives an `invalid-json`
 * warning and the event still arrives, with the raw text.
 *
 * The client announces itself with `Core.Hello {"client": ..., "version": ...}` and the
 * packages it supports with `Core.Supports.Set|Add|Remove ["Char 1", "Room 1", ...]`.
 * This module keeps that list on both sides (`gmcpSupports(session)`): the server learns
 * it from the client's messages, the client keeps what it announced and says it again
 * whenever GMCP comes back on (after a copyover both sides start over, mud-gmcp.md
 * "Disabling GMCP"). The server forgets it when GMCP goes off.
 *
 * Default policy: a client accepts the server's WILL GMCP (as Mudlet and TinTin++ do); a
 * server neither offers nor accepts it unless configured, e.g. `options: { gmcp: "offer" }`.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { isPlainObject, utf8Bytes, utf8Text } from "./mud-text.js";

/** A JSON value, as GMCP data carries it. */
export type GmcpJson = null | boolean | number | string | GmcpJson[] | { [key: string]: GmcpJson };

/**
 * A GMCP message from the peer.
 * - `message`: the name as sent, e.g. `Char.Vitals`;
 * - `key`: the name in lower case, for matching (package names are case insensitive);
 * - `text`: the data section as sent, when there is one;
 * - `data`: the data section parsed as JSON; absent when there is none or it is not valid
 *   JSON (then an `invalid-json` warning came just before, and `text` holds it).
 */
export interface GmcpEvent {
  type: "gmcp";
  message: string;
  key: string;
  text?: string;
  data?: GmcpJson;
}

/** Server: the client's `Core.Hello`. `client` and `version` are set when they are strings. */
export interface GmcpHelloEvent {
  type: "gmcp-hello";
  client?: string;
  version?: string;
  data: { [key: string]: GmcpJson };
}

/** A package and its version, as in `Core.Supports.Set ["Char 1"]`. */
export interface GmcpPackage {
  name: string;
  version: number;
}

/**
 * Server: the client changed its list of supported packages with `Core.Supports.<kind>`.
 * `packages` are the ones in this message, `supported` the whole list after it.
 */
export interface GmcpSupportsEvent {
  type: "gmcp-supports";
  kind: "set" | "add" | "remove";
  packages: GmcpPackage[];
  supported: GmcpPackage[];
}

/**
 * Send a GMCP message: `message` is the name (`Package.SubPackage.Message`, no spaces),
 * `data` any JSON-serialisable value, left out for a message without data. Sent only
 * while GMCP is on; otherwise nothing is sent.
 */
export interface GmcpCommand {
  type: "gmcp";
  message: string;
  data?: unknown;
}

/**
 * Client: announce ourselves with `Core.Hello {"client", "version"}`. Sent now if GMCP is
 * on, and again each time GMCP comes on.
 */
export interface GmcpHelloCommand {
  type: "gmcp-hello";
  client: string;
  version: string;
}

/**
 * Client: change the packages we support with `Core.Supports.Set|Add|Remove`. Packages are
 * `"Name version"` strings as on the wire (`"Char 1"`; a missing version is 1) or objects.
 * The list is kept: sent now if GMCP is on, and in full (`Set`) each time GMCP comes on.
 */
export interface GmcpSupportsCommand {
  type: "gmcp-supports";
  kind: "set" | "add" | "remove";
  packages: readonly (string | GmcpPackage)[];
}

interface GmcpState {
  // Client: our Core.Hello; server: the client's.
  hello: { [key: string]: GmcpJson } | null;
  // The client's supported packages, by lower-case name.
  supports: Map<string, GmcpPackage>;
  // Client: whether a supports list was ever given (an empty Set is still worth sending).
  announced: boolean;
}

function state(host: Pick<OptionHost, "state">): GmcpState {
  return host.state<GmcpState>(OPT.GMCP, () => ({ hello: null, supports: new Map(), announced: false }));
}

/** The client's supported packages, as this session knows them (the server: what the client said; the client: what we said). */
export function gmcpSupports(session: Pick<OptionHost, "state">): GmcpPackage[] {
  return [...state(session).supports.values()].map((p) => ({ name: p.name, version: p.version }));
}

/**
 * Whether the client supports the package of a message: `Char.Vitals` is supported when
 * `Char.Vitals` or `Char` is in its list (names compared without regard to case).
 */
export function gmcpIsSupported(session: Pick<OptionHost, "state">, message: string): boolean {
  const supports = state(session).supports;
  let name = message.toLowerCase();
  for (;;) {
    if (supports.has(name)) return true;
    const dot = name.lastIndexOf(".");
    if (dot <= 0) return false;
    name = name.slice(0, dot);
  }
}

/** The `Core.Hello` data this session knows: the client's on a server, ours on a client. */
export function gmcpHello(session: Pick<OptionHost, "state">): { [key: string]: GmcpJson } | undefined {
  return state(session).hello ?? undefined;
}

/** GMCP payload for a message; throws a TypeError for an invalid name or data JSON cannot hold. */
export function encodeGmcp(message: string, data?: unknown): Uint8Array {
  checkMessageName(message);
  if (data === undefined) return utf8Bytes(message);
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (err) {
    throw new TypeError(`gmcp ${message}: data is not serialisable as JSON (${(err as Error)?.message ?? err})`);
  }
  if (json === undefined) throw new TypeError(`gmcp ${message}: data is not serialisable as JSON`);
  return utf8Bytes(`${message} ${json}`);
}

/** A decoded GMCP payload, or what is wrong with it. */
export type GmcpDecoded =
  | { ok: true; event: GmcpEvent; invalidJson?: string }
  | { ok: false; reason: string };

/**
 * Decode a GMCP payload. The name ends at the first space (or other ASCII white space);
 * the rest is JSON. A payload whose JSON does not parse still decodes, with `text` and
 * no `data`, and `invalidJson` says why. Never throws.
 */
export function decodeGmcp(payload: Uint8Array): GmcpDecoded {
  const text = utf8Text(payload);
  const sep = text.search(/[ \t\r\n]/);
  const message = sep === -1 ? text : text.slice(0, sep);
  if (message.length === 0) return { ok: false, reason: "GMCP message with no package name" };
  const event: GmcpEvent = { type: "gmcp", message, key: message.toLowerCase() };
  const rest = sep === -1 ? "" : text.slice(sep + 1);
  // "When sending a command without a data section the space should be omitted": a
  // trailing space alone is read as no data.
  if (rest.trim().length === 0) return { ok: true, event };
  event.text = rest;
  try {
    event.data = JSON.parse(rest) as GmcpJson;
  } catch (err) {
    return { ok: true, event, invalidJson: (err as Error)?.message ?? "not JSON" };
  }
  return { ok: true, event };
}

function checkMessageName(message: unknown): asserts message is string {
  if (typeof message !== "string" || message.length === 0 || /[\s]/.test(message)) {
    throw new TypeError("gmcp: message must be a non-empty package name without spaces");
  }
}

/** `"Char 1"` or `{name, version}` as a package, or a reason it is not one. */
function parsePackage(entry: unknown): GmcpPackage | string {
  if (isPlainObject(entry) && typeof entry.name === "string") {
    const v = entry.version === undefined ? 1 : entry.version;
    if (typeof v !== "number" || !Number.isFinite(v)) return `package ${entry.name}: version is not a number`;
    return checkName(entry.name) ?? { name: entry.name, version: v };
  }
  if (typeof entry !== "string") return "package entry is not a string";
  const parts = entry.trim().split(/\s+/);
  const name = parts[0];
  const bad = checkName(name);
  if (bad) return bad;
  if (parts.length > 2) return `package ${JSON.stringify(entry)}: more than a name and a version`;
  // Core.Supports.Remove may leave the version out; elsewhere a missing one reads as 1.
  if (parts.length === 1) return { name, version: 1 };
  const version = Number(parts[1]);
  if (!Number.isFinite(version)) return `package ${JSON.stringify(entry)}: version is not a number`;
  return { name, version };
}

function checkName(name: string): string | undefined {
  return name.length === 0 || /\s/.test(name) ? `package name ${JSON.stringify(name)} is empty or has spaces` : undefined;
}

function isOn(host: OptionHost): boolean {
  return host.isEnabled(OPT.GMCP, "local") || host.isEnabled(OPT.GMCP, "remote");
}

function listOf(st: GmcpState): GmcpPackage[] {
  return [...st.supports.values()].map((p) => ({ name: p.name, version: p.version }));
}

// A Map, so that a message named like an Object.prototype member ("constructor") is no kind.
const SUPPORTS_KINDS = new Map<string, GmcpSupportsEvent["kind"]>([
  ["core.supports.set", "set"],
  ["core.supports.add", "add"],
  ["core.supports.remove", "remove"],
]);

const KIND_MESSAGES = { set: "Core.Supports.Set", add: "Core.Supports.Add", remove: "Core.Supports.Remove" } as const;

/** Most packages a server keeps of a client's Core.Supports list; more are dropped with a `gmcp-limit` warning. */
export const GMCP_MAX_PACKAGES = 256;

// Returns the packages taken: all of them, less new ones past `limit`.
function applySupports(st: GmcpState, kind: GmcpSupportsEvent["kind"], packages: readonly GmcpPackage[], limit: number): GmcpPackage[] {
  if (kind === "set") st.supports.clear();
  const taken: GmcpPackage[] = [];
  for (const p of packages) {
    const key = p.name.toLowerCase();
    if (kind === "remove") st.supports.delete(key);
    else if (st.supports.size < limit || st.supports.has(key)) st.supports.set(key, { name: p.name, version: p.version });
    else continue;
    taken.push(p);
  }
  return taken;
}

// Server: bookkeeping for Core.Hello and Core.Supports.* from the client.
function clientMessage(event: GmcpEvent, host: OptionHost): void {
  const kind = SUPPORTS_KINDS.get(event.key);
  if (event.key !== "core.hello" && kind === undefined) return;
  if (host.role !== "server") {
    host.warn("wrong-direction", `GMCP ${event.message} comes from a client, not a server`, OPT.GMCP);
    return;
  }
  // mud-gmcp.md: what a client says lasts while GMCP is on; with GMCP off nothing is kept.
  if (!isOn(host)) return;
  const st = state(host);
  if (kind === undefined) {
    if (!isPlainObject(event.data)) {
      host.warn("malformed-subnegotiation", "GMCP Core.Hello without a JSON object: ignored", OPT.GMCP);
      return;
    }
    const data = event.data as { [key: string]: GmcpJson };
    st.hello = data;
    const hello: GmcpHelloEvent = { type: "gmcp-hello", data };
    if (typeof data.client === "string") hello.client = data.client;
    if (typeof data.version === "string") hello.version = data.version;
    host.emit(hello);
    return;
  }
  if (!Array.isArray(event.data)) {
    host.warn("malformed-subnegotiation", `GMCP ${event.message} without a JSON array: ignored`, OPT.GMCP);
    return;
  }
  const packages: GmcpPackage[] = [];
  for (const entry of event.data) {
    const p = parsePackage(entry);
    if (typeof p === "string") host.warn("malformed-subnegotiation", `GMCP ${event.message}: ${p}, skipped`, OPT.GMCP);
    else packages.push(p);
  }
  const taken = applySupports(st, kind, packages, GMCP_MAX_PACKAGES);
  if (taken.length < packages.length) {
    host.warn("gmcp-limit", `GMCP ${event.message}: more than ${GMCP_MAX_PACKAGES} packages, the rest dropped`, OPT.GMCP);
  }
  host.emit({ type: "gmcp-supports", kind, packages: taken, supported: listOf(st) });
}

function wirePackage(p: GmcpPackage, kind: GmcpSupportsEvent["kind"]): string {
  return kind === "remove" ? p.name : `${p.name} ${p.version}`;
}

// Client: say Core.Hello and the whole supports list, as on a new connection.
function announce(host: OptionHost): void {
  const st = state(host);
  if (st.hello) host.subnegotiate(OPT.GMCP, encodeGmcp("Core.Hello", st.hello));
  if (st.announced) host.subnegotiate(OPT.GMCP, encodeGmcp("Core.Supports.Set", listOf(st).map((p) => wirePackage(p, "set"))));
}

export const gmcp: OptionModule = {
  code: OPT.GMCP,
  name: "gmcp",
  defaults: {
    client: { local: "refuse", remote: "accept" },
    server: { local: "refuse", remote: "refuse" },
  },
  commands: ["gmcp", "gmcp-hello", "gmcp-supports"],
  receive(payload, host) {
    const d = decodeGmcp(payload);
    if (!d.ok) {
      host.warn("malformed-subnegotiation", `${d.reason}: ignored`, OPT.GMCP);
      return;
    }
    if (d.invalidJson !== undefined) {
      host.warn("invalid-json", `GMCP ${d.event.message}: data is not valid JSON (${d.invalidJson})`, OPT.GMCP);
    }
    host.emit(d.event);
    // Data already reported as invalid is not looked at again.
    if (d.invalidJson === undefined) clientMessage(d.event, host);
  },
  send(command, host) {
    switch (command.type) {
      case "gmcp": {
        const c = command as GmcpCommand;
        const bytes = encodeGmcp(c.message, c.data);
        if (isOn(host)) host.subnegotiate(OPT.GMCP, bytes);
        return;
      }
      case "gmcp-hello": {
        const c = command as GmcpHelloCommand;
        if (host.role !== "client") throw new TypeError("gmcp-hello: only a client sends Core.Hello");
        if (typeof c.client !== "string" || typeof c.version !== "string") {
          throw new TypeError("gmcp-hello: client and version must be strings");
        }
        const st = state(host);
        st.hello = { client: c.client, version: c.version };
        if (isOn(host)) host.subnegotiate(OPT.GMCP, encodeGmcp("Core.Hello", st.hello));
        return;
      }
      case "gmcp-supports": {
        const c = command as GmcpSupportsCommand;
        if (host.role !== "client") throw new TypeError("gmcp-supports: only a client sends Core.Supports");
        const kind = c.kind;
        if (kind !== "set" && kind !== "add" && kind !== "remove") {
          throw new TypeError(`gmcp-supports: kind must be "set", "add" or "remove", not ${JSON.stringify(kind)}`);
        }
        if (!Array.isArray(c.packages)) throw new TypeError("gmcp-supports: packages must be an array");
        const packages: GmcpPackage[] = [];
        for (const entry of c.packages) {
          const p = parsePackage(entry);
          if (typeof p === "string") throw new TypeError(`gmcp-supports: ${p}`);
          packages.push(p);
        }
        const st = state(host);
        applySupports(st, kind, packages, Infinity); // our own list: the user's to bound
        st.announced = true;
        if (isOn(host)) {
          host.subnegotiate(OPT.GMCP, encodeGmcp(KIND_MESSAGES[kind], packages.map((p) => wirePackage(p, kind))));
        }
        return;
      }
      default:
        throw new TypeError(`gmcp: unknown command type ${JSON.stringify(command.type)}`);
    }
  },
  changed(side, enabled, host) {
    const other: typeof side = side === "local" ? "remote" : "local";
    // Only the change between "off on both sides" and "on" matters.
    if (host.isEnabled(OPT.GMCP, other)) return;
    if (enabled) {
      if (host.role === "client") announce(host);
      return;
    }
    // mud-gmcp.md: a server that loses GMCP loses what the client said.
    if (host.role === "server") {
      const st = state(host);
      st.hello = null;
      st.supports.clear();
    }
  },
};
