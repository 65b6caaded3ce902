import { describe, expect, it } from "vitest";
import { IAC, OPT, SB, SE, TelnetSession, WILL, type SessionOptions, type TelnetEvent } from "@telnetkit/core";
import { bytes } from "./helpers.js";

// Where the engine cuts the input at an MCCP2 start (mud-mccp.md: compressed "immediately
// after" IAC SB MCCP2 IAC SE), and how the Telnet stream runs on across the stream's end.

const MCCP2 = OPT.MCCP2;
const START2 = [IAC, SB, MCCP2, IAC, SE];
const canInflate: SessionOptions["compression"] = { createInflater: () => ({ write() {}, end() {}, destroy() {} }) };

function client(options: Partial<SessionOptions> = {}): TelnetSession {
  const c = new TelnetSession({ role: "client", compression: canInflate, ...options });
  c.receive(bytes(IAC, WILL, MCCP2));
  return c;
}

/** Events as short strings, in order. */
function brief(events: TelnetEvent[]): string[] {
  return events.map((e) => {
    if (e.type === "data" || e.type === "compressed" || e.type === "transmit") return `${e.type} ${[...e.bytes].join(",")}`;
    if (e.type === "warning") return `warning ${e.code}`;
    if (e.type === "compression") return `compression ${e.direction} ${e.active}`;
    return e.type;
  });
}

describe("MCCP2: the cut at the start", () => {
  it("a start that interrupts a longer subnegotiation (RFC 855: only IAC SE ends it) is still a start", () => {
    const c = client();
    const events = c.receive(bytes(IAC, SB, OPT.GMCP, "Core", ...START2, 1, 2));
    expect(brief(events)).toEqual(["warning sb-interrupted", "compression in true", "compressed 1,2"]);
    expect(c.decompressing).toBe(MCCP2);
  });

  it("IAC IAC SB MCCP2 IAC SE is data (an escaped 255), not a start", () => {
    const c = client();
    const events = c.receive(bytes("a", IAC, IAC, SB, MCCP2, IAC, SE, 1));
    expect(brief(events)).toEqual(["data 97,255,250,86", "warning se-without-sb", "data 1"]);
    expect(c.decompressing).toBe(0);
  });

  it("with the server's BINARY on, the same cut (CR NUL before it kept as data)", () => {
    const c = client({ options: { binary: "accept" } });
    c.receive(bytes(IAC, WILL, OPT.BINARY));
    expect(c.isEnabled(OPT.BINARY, "remote")).toBe(true);
    const events = c.receive(bytes(13, 0, ...START2, 13, 0));
    expect(brief(events)).toEqual(["data 13,0", "compression in true", "compressed 13,0"]);
  });

  it("a start after a subnegotiation dropped for its length still starts", () => {
    const c = client({ limits: { subnegotiation: 4 } });
    const events = c.receive(bytes(IAC, SB, OPT.GMCP, 1, 2, 3, 4, 5, 6, IAC, SE, ...START2, 7));
    expect(brief(events)).toEqual(["warning sb-overflow", "compression in true", "compressed 7"]);
  });

  it("a start with IAC IAC as its payload is malformed: no compression", () => {
    const c = client();
    const events = c.receive(bytes(IAC, SB, MCCP2, IAC, IAC, IAC, SE, 5));
    expect(brief(events)).toEqual(["warning malformed-subnegotiation", "data 5"]);
    expect(c.decompressing).toBe(0);
  });
});

describe("MCCP2: across the end of the stream", () => {
  it("an IAC at the end of the decompressed bytes pairs with the first byte after the stream", () => {
    const c = client();
    c.receive(new Uint8Array(START2));
    expect(brief(c.decompressed(bytes("a", IAC)))).toEqual(["data 97"]);
    expect(brief(c.decompressionEnded(bytes(IAC, "b")))).toEqual(["compression in false", "data 255,98"]);
  });

  it("CR at the end of the decompressed bytes and NUL after the stream: CR NUL, the NUL dropped (RFC 854)", () => {
    const c = client();
    c.receive(new Uint8Array(START2));
    expect(brief(c.decompressed(bytes("a", 13)))).toEqual(["data 97,13"]);
    expect(brief(c.decompressionEnded(bytes(0, "b")))).toEqual(["compression in false", "data 98"]);
  });

  it("IAC SB inside the stream, MCCP2 IAC SE after it: a new start, and the rest is compressed again", () => {
    const c = client();
    c.receive(new Uint8Array(START2));
    expect(brief(c.decompressed(bytes(IAC, SB)))).toEqual([]);
    const events = c.decompressionEnded(bytes(MCCP2, IAC, SE, 9, 9));
    expect(brief(events)).toEqual(["compression in false", "compression in true", "compressed 9,9"]);
    expect(c.decompressing).toBe(MCCP2);
  });

  it("a new start split between the bytes after the end and the next chunk", () => {
    const c = client();
    c.receive(new Uint8Array(START2));
    expect(brief(c.decompressionEnded(bytes(IAC, SB, MCCP2)))).toEqual(["compression in false"]);
    expect(c.decompressing).toBe(0);
    expect(brief(c.receive(bytes(IAC, SE, 7)))).toEqual(["compression in true", "compressed 7"]);
  });
});

describe("MCCP2: a start that crosses our DONT", () => {
  it("the server's start sent before our DONT reached it is still a start (RFC 1143 WANTNO: the option holds until it answers)", () => {
    const c = client();
    c.send({ type: "disable", option: MCCP2, side: "remote" });
    expect(c.optionState(MCCP2).remote).toBe("wantno");
    const events = c.receive(bytes(...START2, 0x78, 0x9c));
    expect(brief(events)).toEqual(["option", "compression in true", "compressed 120,156"]);
    expect(c.decompressing).toBe(MCCP2);
    // Its WONT comes in the stream, then the stream ends; a start after that is refused.
    c.decompressed(bytes(IAC, 252, MCCP2));
    expect(c.optionState(MCCP2).remote).toBe("no");
    c.decompressionEnded(bytes());
    expect(brief(c.receive(bytes(...START2, 1)))).toEqual(["warning sb-not-enabled", "data 1"]);
  });
});
