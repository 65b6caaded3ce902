import { describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  ENCRYPT_TYPES,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  WONT,
  decodeEncrypt,
  encodeEncrypt,
  isPeerEncrypting,
} from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const sb = (...payload: number[]) => bytes(IAC, SB, OPT.ENCRYPT, ...payload, IAC, SE);
// peers/oracle encrypt-support: SUPPORT DES_CFB64 DES_OFB64.
const SUPPORT_DES = bytes(0xff, 0xfa, 0x26, 0x01, 0x01, 0x02, 0xff, 0xf0);

describe("RFC 2946 — ENCRYPT", () => {
  it("is refused both ways by default (inetutils telnetd's WILL ENCRYPT, inetutils telnet's DO ENCRYPT)", () => {
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, WILL, OPT.ENCRYPT, IAC, DO, OPT.ENCRYPT)))).toEqual([IAC, DONT, OPT.ENCRYPT, IAC, WONT, OPT.ENCRYPT]);
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.ENCRYPT, IAC, WILL, OPT.ENCRYPT)))).toEqual([IAC, WONT, OPT.ENCRYPT, IAC, DONT, OPT.ENCRYPT]);
  });

  it("section 5: SUPPORT with no type in common is answered IS NULL", () => {
    const s = new TelnetSession({ role: "server", options: { encrypt: { local: "accept" } } });
    s.receive(bytes(IAC, DO, OPT.ENCRYPT));
    const ev = s.receive(SUPPORT_DES);
    expect(ofType(ev, "encrypt")).toEqual([{ type: "encrypt", kind: "support", types: [ENCRYPT_TYPES.DES_CFB64, ENCRYPT_TYPES.DES_OFB64] }]);
    expect(transmitted(ev)).toEqual([...sb(0, 0)]);
    // inetutils telnet's empty SUPPORT: nothing in common either.
    expect(transmitted(s.receive(bytes(0xff, 0xfa, 0x26, 0x01, 0xff, 0xf0)))).toEqual([...sb(0, 0)]);
    // A type the application implements: left to it.
    const app = new TelnetSession({ role: "server", options: { encrypt: { local: "accept" } }, encrypt: { types: [2] } });
    app.receive(bytes(IAC, DO, OPT.ENCRYPT));
    expect(transmitted(app.receive(SUPPORT_DES))).toEqual([]);
  });

  it("section 5 example, Host1's side: IS, START, END from the WILL side decoded; START twice counts once", () => {
    const h1 = new TelnetSession({ role: "client", options: { encrypt: { remote: "accept" } } });
    expect(transmitted(h1.receive(bytes(IAC, WILL, OPT.ENCRYPT)))).toEqual([IAC, DO, OPT.ENCRYPT]);
    expect([...h1.send({ type: "encrypt", kind: "request-start", keyId: new Uint8Array() })]).toEqual([...sb(5)]);
    expect([...h1.send({ type: "encrypt", kind: "support", types: [1] })]).toEqual([...sb(1, 1)]);
    const iv = [144, 146, 63, 229, 237, 148, 81, 143];
    expect(ofType(h1.receive(sb(0, 1, 1, ...iv)), "encrypt")).toEqual([{ type: "encrypt", kind: "is", encType: 1, data: new Uint8Array([1, ...iv]) }]);
    expect([...h1.send({ type: "encrypt", kind: "reply", encType: 1, data: new Uint8Array([3, 103, 207]) })]).toEqual([...sb(2, 1, 3, 103, 207)]);
    expect(ofType(h1.receive(sb(3, 0)), "encrypt")).toEqual([{ type: "encrypt", kind: "start", keyId: new Uint8Array([0]) }]);
    expect(isPeerEncrypting(h1)).toBe(true);
    expect(ofType(h1.receive(sb(3, 0)), "encrypt")).toEqual([]);
    expect(ofType(h1.receive(sb(4)), "encrypt")).toEqual([{ type: "encrypt", kind: "end" }]);
    expect(isPeerEncrypting(h1)).toBe(false);
  });

  it("section 5: WONT ENCRYPT while receiving encrypted data implies END", () => {
    const h1 = new TelnetSession({ role: "client", options: { encrypt: { remote: "accept" } } });
    h1.receive(bytes(IAC, WILL, OPT.ENCRYPT));
    h1.receive(sb(3, 1));
    const ev = h1.receive(bytes(IAC, WONT, OPT.ENCRYPT));
    expect(ofType(ev, "encrypt")).toEqual([{ type: "encrypt", kind: "end", implied: true }]);
  });

  it("section 2: each subcommand only from its side; START needs a keyid", () => {
    const h1 = new TelnetSession({ role: "client", options: { encrypt: { remote: "accept" } } });
    h1.receive(bytes(IAC, WILL, OPT.ENCRYPT));
    expect(ofType(h1.receive(SUPPORT_DES), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(ofType(h1.receive(sb(3)), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(h1.receive(sb(9)), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(h1.receive(sb(4, 1)), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    // Commands for the other side are not sent.
    expect(h1.send({ type: "encrypt", kind: "start", keyId: new Uint8Array([0]) })).toEqual(new Uint8Array(0));
  });

  it("round trips each kind", () => {
    const k = new Uint8Array([0, 1]);
    for (const m of [
      { kind: "is" as const, encType: 1, data: new Uint8Array([1, 2]) },
      { kind: "support" as const, types: [1, 2, 255] },
      { kind: "reply" as const, encType: 2, data: new Uint8Array() },
      { kind: "start" as const, keyId: k },
      { kind: "end" as const },
      { kind: "request-start" as const, keyId: new Uint8Array() },
      { kind: "request-end" as const },
      { kind: "enc-keyid" as const, keyId: k },
      { kind: "dec-keyid" as const, keyId: new Uint8Array() },
    ]) {
      expect(decodeEncrypt(encodeEncrypt(m))).toEqual({ type: "encrypt", ...m });
    }
  });
});
