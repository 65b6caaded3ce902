import { describe, expect, it } from "vitest";
import {
  AUTH_MODIFIERS,
  AUTH_TYPES,
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  WONT,
  decodeAuthentication,
  describeAuthPair,
  encodeAuthentication,
} from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const sb = (...payload: (number | string)[]) => bytes(IAC, SB, OPT.AUTHENTICATION, ...payload, IAC, SE);
// peers/oracle: netkit telnetd's SEND SSL(CLIENT|ONE-WAY), and the IS NULL that C-Kermit and the probe answer.
const SEND_SSL = bytes(0xff, 0xfa, 0x25, 0x01, 0x07, 0x00, 0xff, 0xf0);
const IS_NULL = bytes(0xff, 0xfa, 0x25, 0x00, 0x00, 0x00, 0xff, 0xf0);
const { CLIENT_TO_SERVER, MUTUAL, ONE_WAY, ENCRYPT_USING_TELOPT } = AUTH_MODIFIERS;

describe("RFC 2941 — AUTHENTICATION, default policy", () => {
  it("a client answers DO AUTHENTICATION with WONT (netkit telnetd's opening)", () => {
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.AUTHENTICATION)))).toEqual([IAC, WONT, OPT.AUTHENTICATION]);
  });

  it("a client answers inetutils telnetd's WILL AUTHENTICATION with DONT (section 6: it must)", () => {
    const c = new TelnetSession({ role: "client" });
    const opening = bytes(0xff, 0xfb, 0x25, 0xff, 0xfb, 0x26, 0xff, 0xfd, 0x18);
    expect(transmitted(c.receive(opening))).toEqual([IAC, DONT, OPT.AUTHENTICATION, IAC, DONT, OPT.ENCRYPT, IAC, WILL, OPT.TTYPE]);
  });

  it("a server answers the WILL AUTHENTICATION of netkit / C-Kermit clients with DONT", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.AUTHENTICATION)))).toEqual([IAC, DONT, OPT.AUTHENTICATION]);
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.AUTHENTICATION)))).toEqual([IAC, WONT, OPT.AUTHENTICATION]);
  });
});

describe("RFC 2941 — AUTHENTICATION, a client that accepts", () => {
  const client = (types?: number[]) => {
    const c = new TelnetSession({ role: "client", options: { authentication: { local: "accept" } }, authentication: { types } });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.AUTHENTICATION)))).toEqual([IAC, WILL, OPT.AUTHENTICATION]);
    return c;
  };

  it("section 6: a SEND offering no type it supports is answered IS NULL (the exact bytes of the oracle)", () => {
    const c = client();
    const ev = c.receive(SEND_SSL);
    expect(ofType(ev, "authentication")).toEqual([{ type: "authentication", kind: "send", pairs: [{ type: AUTH_TYPES.SSL, modifier: 0 }] }]);
    expect(transmitted(ev)).toEqual([...IS_NULL]);
  });

  it("section 8 example: SEND KERBEROS_V4 CLIENT|MUTUAL KERBEROS_V4 CLIENT|ONE_WAY, left to the application that implements it", () => {
    const c = client([AUTH_TYPES.KERBEROS_V4]);
    const ev = c.receive(sb(1, 1, CLIENT_TO_SERVER | MUTUAL, 1, CLIENT_TO_SERVER | ONE_WAY));
    expect(ofType(ev, "authentication")[0]).toEqual({
      type: "authentication",
      kind: "send",
      pairs: [{ type: 1, modifier: 2 }, { type: 1, modifier: 0 }],
    });
    expect(transmitted(ev)).toEqual([]);
    const name = c.send({ type: "authentication", kind: "name", name: "joe" });
    expect([...name]).toEqual([...sb(3, "joe")]);
    const is = c.send({ type: "authentication", kind: "is", pair: { type: 1, modifier: 2 }, data: new Uint8Array([0, 4, 7, 1]) });
    expect([...is]).toEqual([...sb(0, 1, 2, 0, 4, 7, 1)]);
    // The server's REPLY with the same pair is fine; a different one is a fatal error (section 5).
    expect(ofType(c.receive(sb(2, 1, 2, 2)), "warning")).toEqual([]);
    expect(ofType(c.receive(sb(2, 1, 0, 2)), "warning").map((w) => w.code)).toEqual(["auth-pair-mismatch"]);
  });

  it("only the server may send SEND and REPLY: IS or NAME from it is the wrong direction", () => {
    const c = client();
    expect(ofType(c.receive(sb(0, 0, 0)), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(ofType(c.receive(sb(3, "root")), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
  });

  it("malformed: an odd pair list, IS without a pair, an unknown subcommand", () => {
    const c = client();
    for (const bad of [sb(1), sb(1, 7), sb(1, 7, 0, 5), sb(2, 1), sb(9)]) {
      expect(ofType(c.receive(bad), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    }
  });
});

describe("RFC 2941 — AUTHENTICATION, a server that asks", () => {
  it("sends SEND with its offer once the client agrees; IS NULL ends it with DONT (section 6)", () => {
    const offer = [{ type: AUTH_TYPES.KERBEROS_V5, modifier: CLIENT_TO_SERVER | MUTUAL }];
    const p = pair(
      { role: "server", options: { authentication: "request" }, authentication: { offer } },
      { role: "client", options: { authentication: { local: "accept" } } },
    );
    p.open();
    expect(ofType(p.seen.client, "authentication")).toEqual([{ type: "authentication", kind: "send", pairs: offer }]);
    expect(ofType(p.seen.server, "authentication")).toEqual([
      { type: "authentication", kind: "is", pair: { type: 0, modifier: 0 }, data: new Uint8Array(0) },
    ]);
    expect(p.server.optionState(OPT.AUTHENTICATION).remote).toBe("no");
    expect(p.client.optionState(OPT.AUTHENTICATION).local).toBe("no");
    expect([...p.seen.server, ...p.seen.client].filter((e) => e.type === "warning")).toEqual([]);
  });

  it("a policy accepting both sides is corrected: the server never keeps WILL AUTHENTICATION", () => {
    const s = new TelnetSession({ role: "server", options: { authentication: "accept" } });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.AUTHENTICATION)))).toEqual([IAC, WILL, OPT.AUTHENTICATION, IAC, WONT, OPT.AUTHENTICATION]);
  });

  it("a client changing pair within an exchange is a fatal error (section 5)", () => {
    const s = new TelnetSession({ role: "server", options: { authentication: "accept" } });
    s.receive(bytes(IAC, WILL, OPT.AUTHENTICATION));
    s.receive(sb(0, 1, 2, 0));
    expect(ofType(s.receive(sb(0, 1, 0, 3)), "warning").map((w) => w.code)).toEqual(["auth-pair-mismatch"]);
  });
});

describe("RFC 2941 — pairs and codec", () => {
  it("describes the modifier bits", () => {
    expect(describeAuthPair({ type: 2, modifier: MUTUAL | ENCRYPT_USING_TELOPT | 8 })).toEqual({
      type: "KERBEROS_V5",
      who: "client-to-server",
      how: "mutual",
      encrypt: "using-telopt",
      credentialsForwarding: true,
    });
    expect(describeAuthPair({ type: 99, modifier: 1 | 16 })).toMatchObject({ type: "99", who: "server-to-client", encrypt: "after-exchange" });
  });

  it("round trips each kind", () => {
    for (const m of [
      { kind: "send" as const, pairs: [{ type: 7, modifier: 0 }, { type: 0, modifier: 1 }] },
      { kind: "is" as const, pair: { type: 6, modifier: 3 }, data: new Uint8Array([255, 0]) },
      { kind: "reply" as const, pair: { type: 6, modifier: 3 }, data: new Uint8Array() },
      { kind: "name" as const, name: "joe" },
    ]) {
      expect(decodeAuthentication(encodeAuthentication(m))).toEqual({ type: "authentication", ...m });
    }
  });
});
