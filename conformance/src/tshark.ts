/**
 * An independent decoder: Wireshark's Telnet dissector, run through `text2pcap` and
 * `tshark` (Debian package `tshark`). Byte streams are wrapped as TCP payloads to port 23
 * in a capture file, and tshark's PDML output is read back as a tree of fields.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** One field of tshark's decode: its filter name (empty for a text item), what it shows, its children. */
export interface DissectedField {
  name: string;
  show: string;
  showname: string;
  children: DissectedField[];
}

/** tshark's version line, or null when tshark or text2pcap cannot be run. */
export function tsharkVersion(): string | null {
  const tshark = spawnSync("tshark", ["-v"], { encoding: "utf8" });
  const text2pcap = spawnSync("text2pcap", ["-v"], { encoding: "utf8" });
  if (tshark.status !== 0 || text2pcap.status !== 0) return null;
  return tshark.stdout.split("\n")[0].trim();
}

const hex = (b: number) => b.toString(16).padStart(2, "0");

/** text2pcap's input: each packet as an offset-prefixed hex dump, packets separated by a blank line. */
function hexDump(packets: readonly Uint8Array[]): string {
  const out: string[] = [];
  for (const p of packets) {
    if (p.length === 0) throw new Error("tshark harness: an empty packet cannot be captured");
    for (let off = 0; off < p.length; off += 16) {
      out.push(`${off.toString(16).padStart(6, "0")} ${Array.from(p.subarray(off, off + 16), hex).join(" ")}`);
    }
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w.:-]+)="([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

/** The fields of the `telnet` protocol of each packet of a PDML document, in packet order. */
export function parsePdml(pdml: string): DissectedField[][] {
  const packets: DissectedField[][] = [];
  let current: DissectedField[] | null = null;
  let inTelnet = false;
  const stack: DissectedField[][] = [];
  for (const m of pdml.matchAll(/<(\/?)(packet|proto|field)\b([^>]*?)(\/?)>/g)) {
    const [, closing, tag, attrs, selfClosing] = m;
    if (tag === "packet") {
      if (!closing) packets.push((current = []));
      continue;
    }
    if (tag === "proto") {
      if (closing) inTelnet = false;
      else if (attributes(attrs).name === "telnet" && current) {
        inTelnet = true;
        stack.length = 0;
        stack.push(current);
      }
      if (selfClosing) inTelnet = false;
      continue;
    }
    if (!inTelnet) continue;
    if (closing) {
      stack.pop();
      continue;
    }
    const a = attributes(attrs);
    const field: DissectedField = { name: a.name ?? "", show: a.show ?? "", showname: a.showname ?? "", children: [] };
    stack[stack.length - 1].push(field);
    if (!selfClosing) stack.push(field.children);
  }
  return packets;
}

/**
 * Decode each byte stream as one TCP segment of a Telnet connection, client (port 1234) to
 * server (port 23), or the other way with `toClient`. Returns the Telnet fields of each.
 */
export function dissect(packets: readonly Uint8Array[], options: { toClient?: boolean } = {}): DissectedField[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "telnetkit-tshark-"));
  try {
    const dump = path.join(dir, "packets.txt");
    const pcap = path.join(dir, "packets.pcapng");
    fs.writeFileSync(dump, hexDump(packets));
    const ports = options.toClient ? "23,1234" : "1234,23";
    const t2p = spawnSync("text2pcap", ["-q", "-T", ports, "-4", "127.0.0.1,127.0.0.1", dump, pcap], { encoding: "utf8" });
    if (t2p.error || t2p.status !== 0) throw new Error(`text2pcap failed: ${t2p.error?.message ?? t2p.stderr}`);
    const ts = spawnSync("tshark", ["-n", "-r", pcap, "-T", "pdml"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (ts.error || ts.status !== 0) throw new Error(`tshark failed: ${ts.error?.message ?? ts.stderr}`);
    const decoded = parsePdml(ts.stdout);
    if (decoded.length !== packets.length) throw new Error(`tshark decoded ${decoded.length} packets of ${packets.length}`);
    return decoded;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The decode flattened to comparable lines, in order: `name=show` for every named field
 * (`telnet.*`, and `_ws.*` for tshark's expert warnings and malformed-packet notes), and
 * `text:show` for each text item without children (a text item with children is only a heading).
 */
export function fieldLines(fields: readonly DissectedField[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly DissectedField[]) => {
    for (const f of list) {
      if (f.name !== "") out.push(`${f.name}=${f.show}`);
      else if (f.children.length === 0) out.push(`text:${f.show}`);
      walk(f.children);
    }
  };
  walk(fields);
  return out;
}
