import { describe, expect, it } from "vitest";
import { OPT, TelnetSession, linemodeInfo, type TelnetEvent } from "@telnetkit/core";
import { ofType, transmitted } from "./helpers.js";

// Byte streams recorded from GNU inetutils 2.4 (Debian 12) on loopback: the `telnet`
// client and the `telnetd` server, each against a scripted peer and against each other.
// The answers expected from our sessions are derived from RFC 1184 and written out.

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const show = (b: number[] | Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

/** The `IAC SB LINEMODE ... IAC SE` frames in a byte stream, as hex. */
function linemodeFrames(bytes: number[]): string[] {
  const frames: string[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    if (bytes[i + 1] === 0xff) {
      i++;
      continue;
    }
    if (bytes[i + 1] !== 0xfa || bytes[i + 2] !== OPT.LINEMODE) continue;
    let j = i + 3;
    while (j + 1 < bytes.length && !(bytes[j] === 0xff && bytes[j + 1] === 0xf0)) j += bytes[j] === 0xff ? 2 : 1;
    frames.push(show(bytes.slice(i, j + 2)));
    i = j + 1;
  }
  return frames;
}

const warningsOf = (evs: TelnetEvent[]) => ofType(evs, "warning");

// inetutils telnet's export of its special characters: 16 triplets, SYNCH to FORW2 without BRK and EOR.
const INETUTILS_CLIENT_SLC =
  "ff fa 22 03 01 00 00 03 62 03 04 02 0f 05 00 00 07 62 1c 08 02 04 09 42 1a 0a 02 7f 0b 02 15 0c 02 17 " +
  "0d 02 12 0e 02 16 0f 02 11 10 02 13 11 00 00 12 00 00 ff f0";
// The answer RFC 1184 §5.5 gives with our server table: rule 3 (agree, repeat with SLC_ACK)
// for the twelve functions at VALUE, rule 1 (same as the current NOSUPPORT, §3) for SYNCH,
// AYT, FORW1 and FORW2. Byte for byte what inetutils telnetd itself answered the same list.
const SERVER_SLC_ACKS =
  "ff fa 22 03 03 e2 03 04 82 0f 07 e2 1c 08 82 04 09 c2 1a 0a 82 7f 0b 82 15 0c 82 17 0d 82 12 0e 82 16 " +
  "0f 82 11 10 82 13 ff f0";
const MODE_EDIT_TRAPSIG = "ff fa 22 01 03 ff f0";
const MODE_EDIT_TRAPSIG_ACK = "ff fa 22 01 07 ff f0";

describe("our server and the inetutils telnet client", () => {
  it("answers the client's special characters when it asked for LINEMODE first (matrix inetutils--inetutils)", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request" } });
    expect(show(s.start())).toBe("ff fd 22");
    // The client's answer to the server's options, in one segment, as recorded.
    const evs = s.receive(
      hex(`ff fd 03 ff fc 01 ff fb 22 ${INETUTILS_CLIENT_SLC} ff fb 1f ff fa 1f 00 50 00 18 ff f0 ff fd 05 ff fb 21`),
    );
    // §3: LINEMODE on, the server sets the mode (EDIT|TRAPSIG by default); then the SLC answer.
    expect(linemodeFrames(transmitted(evs))).toEqual([MODE_EDIT_TRAPSIG, SERVER_SLC_ACKS]);
    const slc = ofType(evs, "linemode").find((e) => e.kind === "slc");
    expect(slc).toMatchObject({ kind: "slc", changed: ["IP", "AO", "ABORT", "EOF", "SUSP", "EC", "EL", "EW", "RP", "LNEXT", "XON", "XOFF"] });
    // The client's special characters, as the server now sees them.
    const info = linemodeInfo(s);
    expect(info.slc.IP).toEqual({ level: "value", value: 3, flushin: true, flushout: true });
    expect(info.slc.EC).toEqual({ level: "value", value: 127, flushin: false, flushout: false });
    expect(info.slc.SYNCH.level).toBe("nosupport");

    // The client's MODE_ACK: taken (§2.2), never answered.
    const ack = s.receive(hex(MODE_EDIT_TRAPSIG_ACK));
    expect(transmitted(ack)).toEqual([]);
    expect(ofType(ack, "linemode")).toEqual([{ type: "linemode", kind: "mode", mode: 3, edit: true, trapsig: true, softTab: false, litEcho: false }]);
    expect(warningsOf([...evs, ...ack]).filter((w) => w.option === OPT.LINEMODE)).toEqual([]);
  });

  it("answers the same when the client offered LINEMODE on its own (client-inetutils, passive opening)", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request" } });
    s.start();
    // WILL LINEMODE crossing our DO LINEMODE: RFC 1143, no answer; LINEMODE is on.
    const first = s.receive(hex("ff fd 26 ff fb 26 ff fd 03 ff fb 18 ff fb 1f ff fb 20 ff fb 21 ff fb 22 ff fb 27 ff fd 05"));
    expect(linemodeFrames(transmitted(first))).toEqual([MODE_EDIT_TRAPSIG]);
    expect(transmitted(first).join(",")).not.toContain([0xff, 0xfd, 0x22].join(","));
    const second = s.receive(
      hex(
        "ff fa 18 00 58 54 45 52 4d ff f0 ff fa 1f 00 50 00 18 ff f0 " +
          "ff fa 20 00 33 38 34 30 30 2c 33 38 34 30 30 ff f0 " +
          `${INETUTILS_CLIENT_SLC} ff fd 03 ${MODE_EDIT_TRAPSIG_ACK} ff fa 27 00 ff f0`,
      ),
    );
    expect(linemodeFrames(transmitted(second))).toEqual([SERVER_SLC_ACKS]);
    expect(linemodeInfo(s).mode).toBe(3);
    expect(warningsOf([...first, ...second]).filter((w) => w.option === OPT.LINEMODE)).toEqual([]);
  });

  it("asks for character mode and gets the client's MODE_ACK", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request" }, linemode: { mode: 0 } });
    s.start();
    // mode 0 is LINEMODE's default (§3): nothing to ask at first.
    expect(linemodeFrames(transmitted(s.receive(hex(`ff fb 22 ${INETUTILS_CLIENT_SLC}`))))).toEqual([SERVER_SLC_ACKS]);
    expect(show(s.send({ type: "linemode", kind: "mode", mode: { trapsig: true } }))).toBe("ff fa 22 01 02 ff f0");
    // inetutils telnet acks with the mode and MODE_ACK (its lm_mode, same rule as §2.2).
    s.receive(hex("ff fa 22 01 06 ff f0"));
    expect(linemodeInfo(s)).toMatchObject({ mode: 2, edit: false, trapsig: true });
  });
});

describe("our client and the inetutils telnetd server", () => {
  it("agrees to LINEMODE, exports its table, acks the mode, and takes the server's ACKs silently (matrix inetutils--inetutils)", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    const all: TelnetEvent[] = [];
    const rx = (s: string) => {
      const evs = c.receive(hex(s));
      all.push(...evs);
      return transmitted(evs);
    };
    // telnetd: WILL SGA, DO ECHO, DO LINEMODE, DO NAWS, WILL STATUS, DO LFLOW.
    const opening = rx("ff fb 03 ff fd 01 ff fd 22 ff fd 1f ff fb 05 ff fd 21");
    // WILL LINEMODE, then §5.5: "the client must either export the local character
    // settings to the server, or send a request (SLC 0 SLC_DEFAULT 0)". Our client's table
    // is RFC 1184 §5.10's: the functions it has a setting for, NOSUPPORT ones left out (§3).
    expect(show(opening)).toContain("ff fb 22");
    expect(linemodeFrames(opening)).toEqual([
      "ff fa 22 03 01 03 00 03 62 03 04 02 0f 05 03 00 07 62 1c 08 02 04 09 42 1a 0a 02 7f 0b 02 15 0c 02 17 " +
        "0d 02 12 0e 02 16 0f 02 11 10 02 13 ff f0",
    ]);
    // MODE EDIT|TRAPSIG: acked with MODE_ACK, as inetutils telnet does.
    expect(linemodeFrames(rx("ff fa 22 01 03 ff f0 00"))).toEqual([MODE_EDIT_TRAPSIG_ACK]);
    expect(linemodeInfo(c)).toMatchObject({ side: "client", mode: 3, edit: true, trapsig: true });

    // The SLC acks telnetd sent (to the same values as ours), before its DONT LINEMODE:
    // §5.5 rule 1, the same as our current settings, so nothing is answered.
    expect(rx(`ff fa 22 03 03 e2 03 04 82 0f 07 e2 1c 08 82 04 09 c2 1a 0a 82 7f 0b 82 15 0c 82 17 0d 82 12 0e 82 16 0f 82 11 10 82 13 ff f0`)).toEqual([]);
    expect(warningsOf(all)).toEqual([]);
  });

  it("turns LINEMODE off on DONT LINEMODE and answers nothing to the SLC telnetd sends after it", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    c.receive(hex("ff fd 22"));
    c.receive(hex("ff fa 22 01 03 ff f0 00"));
    // As recorded: LFLOW RESTART-XON, WILL ECHO, DO BINARY, DONT LINEMODE, then its SLC answer.
    const evs = c.receive(
      hex(
        "ff fa 21 03 ff f0 00 ff fb 01 ff fd 00 ff fe 22 " +
          "ff fa 22 03 03 e2 03 04 82 0f 07 e2 1c 08 82 04 09 c2 1a 0a 82 7f 0b 82 15 0c 82 17 0d 82 12 0e 82 16 0f 82 11 10 82 13 ff f0 0d 0a",
      ),
    );
    const out = transmitted(evs);
    expect(show(out)).toContain("ff fc 22"); // WONT LINEMODE
    expect(linemodeFrames(out)).toEqual([]);
    expect(linemodeInfo(c)).toMatchObject({ side: null, mode: 0, forwardMask: null });
    // telnetd's SLC answer comes right after its DONT: ignored without a warning.
    expect(warningsOf(evs)).toEqual([]);
  });

  it("acks telnetd's MODE LIT_ECHO when it offered LINEMODE first (server-inetutils, client-first run)", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: { local: "initiate" } } });
    expect(show(c.start())).toBe("ff fb 22");
    // telnetd's DO LINEMODE (the answer) and MODE LIT_ECHO, in one segment among others.
    const out = transmitted(c.receive(hex("ff fb 25 ff fb 26 ff fd 18 ff fd 20 ff fd 23 ff fd 27 ff fd 24 ff fd 1f ff fd 21 ff fd 22 ff fa 22 01 10 ff f0 00")));
    const frames = linemodeFrames(out);
    expect(frames).toHaveLength(2); // our export, then the mode
    // MODE_ACK|LIT_ECHO, the answer the recording's scripted client gave too.
    expect(frames[1]).toBe("ff fa 22 01 14 ff f0");
    expect(linemodeInfo(c)).toMatchObject({ mode: 16, litEcho: true, edit: false });
  });
});
