import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  MTTS_BITS,
  TelnetSession,
  decodeNaws,
  decodeStatus,
  decodeTtype,
  encodeNaws,
  encodeStatusIs,
  encodeTtypeIs,
  encodeTtypeSend,
  formatMtts,
  parseMtts,
  type MttsFlag,
  type SidePolicy,
} from "@telnetkit/core";
import { cuts, runs, statusReport } from "../src/arbitraries.js";
import { feed, ofType, splitAt } from "../src/stream.js";
import {
  BINARY,
  ECHO,
  EOR_OPT,
  NAWS,
  PRIVATE_OPT,
  SGA,
  STATUS,
  STATUS_SEND,
  TTYPE,
  TTYPE_SEND,
  nawsPayload,
  sb,
  statusIs,
  ttypeIs,
  type Report,
} from "../src/telnet.js";
import { connect, settle } from "../src/wire.js";

const u16 = fc.oneof(fc.constantFrom(0, 255, 0xff00, 0xffff, 0x00ff, 0xfeff), fc.integer({ min: 0, max: 0xffff }));
const u8s = (r: Report) => ({
  will: r.will,
  do: r.do,
  subnegotiations: r.subnegotiations.map((s) => ({ option: s.option, payload: Uint8Array.from(s.payload) })),
});

/** A server and a client, both agreeing to everything asked here, negotiated on a wire. */
function pair(client: ConstructorParameters<typeof TelnetSession>[0] = { role: "client" }) {
  const server = new TelnetSession({ role: "server", options: { naws: "request", ttype: "request", status: { local: "initiate", remote: "accept" } }, ttypeCycle: false });
  const wire = connect(server, new TelnetSession(client));
  return { wire, server, client: wire.B.session };
}

describe("RFC 1073 — NAWS codec", () => {
  it("decode(encode(w, h)) = (w, h), and the payload is two 16-bit big-endian numbers", () => {
    fc.assert(
      fc.property(u16, u16, (w, h) => {
        expect(Array.from(encodeNaws(w, h))).toEqual(nawsPayload(w, h));
        expect(decodeNaws(encodeNaws(w, h))).toEqual({ width: w, height: h });
      }),
      { numRuns: runs(300) },
    );
  });

  it("encode(decode(p)) = p for every 4-byte payload; other lengths do not decode", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (p) => {
        const size = decodeNaws(p);
        if (p.length !== 4) expect(size).toBeUndefined();
        else expect(encodeNaws(size!.width, size!.height)).toEqual(p);
      }),
      { numRuns: runs(300) },
    );
  });

  it("between two sessions: the size, 255 bytes doubled on the wire, arrives in any split", () => {
    fc.assert(
      fc.property(u16, u16, cuts, (w, h, points) => {
        const { server, client } = pair({ role: "client" });
        expect(client.isEnabled(NAWS, "local")).toBe(true);
        const wire = client.send({ type: "naws", width: w, height: h });
        expect(Array.from(wire)).toEqual(sb(NAWS, nawsPayload(w, h)));
        expect(feed(server, splitAt(wire, points))).toEqual([{ type: "naws", width: w, height: h }]);
      }),
      { numRuns: runs(200) },
    );
  });

  it("the client's window size is reported as soon as NAWS is agreed (RFC 1073: after WILL NAWS)", () => {
    fc.assert(
      fc.property(u16, u16, (w, h) => {
        const wire = connect(
          new TelnetSession({ role: "server", options: { naws: "request" } }),
          new TelnetSession({ role: "client", windowSize: { width: w, height: h } }),
        );
        expect(wire.A.session.isEnabled(NAWS, "remote")).toBe(true);
        const events = wire.seen.A;
        expect(ofType(events, "naws")).toEqual([{ type: "naws", width: w, height: h }]);
      }),
      { numRuns: runs(100) },
    );
  });
});

// RFC 1091: names are ASCII; the codec carries any byte (255 doubled on the wire by the framing).
const latin1Name = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 })
  .map((a) => String.fromCharCode(...a));
const asciiName = fc.stringMatching(/^[A-Z0-9][A-Z0-9/-]{0,39}$/);

describe("RFC 1091 — TTYPE codec", () => {
  it("decode(encode(IS name)) = IS name, for any Latin-1 name; the payload is IS then the name's bytes", () => {
    fc.assert(
      fc.property(fc.oneof(latin1Name, asciiName), (name) => {
        expect(Array.from(encodeTtypeIs(name))).toEqual(ttypeIs(name));
        const ev = decodeTtype(encodeTtypeIs(name));
        expect(ev).toMatchObject({ type: "ttype", kind: "is", name });
      }),
      { numRuns: runs(300) },
    );
  });

  it("SEND is the single byte 1 and decodes back; SEND with a payload does not", () => {
    expect(Array.from(encodeTtypeSend())).toEqual(TTYPE_SEND);
    expect(decodeTtype(encodeTtypeSend())).toEqual({ type: "ttype", kind: "send" });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6 }), (rest) => {
        expect(decodeTtype(Uint8Array.from([1, ...rest]))).toBeUndefined();
      }),
      { numRuns: runs(100) },
    );
  });

  it("between two sessions: each SEND is answered IS with the next name, the last repeated to end the list (section 6)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(asciiName, { minLength: 1, maxLength: 5, comparator: (a, b) => a.toUpperCase() === b.toUpperCase() }), cuts, (names, points) => {
        const { server, client } = pair({ role: "client", terminalTypes: names });
        const answers: string[] = [];
        for (let k = 0; k < names.length + 2; k++) {
          const ask = server.send({ type: "ttype", kind: "send" });
          expect(Array.from(ask)).toEqual(sb(TTYPE, TTYPE_SEND));
          const reply = client.receive(ask);
          const wire = Uint8Array.from(reply.flatMap((e) => (e.type === "transmit" ? Array.from(e.bytes) : [])));
          const got = ofType(feed(server, splitAt(wire, points)), "ttype");
          expect(got).toHaveLength(1);
          answers.push((got[0] as { name: string }).name);
        }
        // The list, the last name again, then the list starts over.
        expect(answers).toEqual([...names, names[names.length - 1], names[0]]);
      }),
      { numRuns: runs(150) },
    );
  });

  it("the server's cycle finds the client's whole list, MTTS included", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(asciiName, { minLength: 1, maxLength: 4, comparator: (a, b) => a.toUpperCase() === b.toUpperCase() }),
        fc.option(fc.integer({ min: 0, max: 4095 }), { nil: undefined }),
        (names, mtts) => {
          const list = mtts === undefined ? names : [...names, `MTTS ${mtts}`];
          const server = new TelnetSession({ role: "server", options: { ttype: "request" } });
          const client = new TelnetSession({ role: "client", terminalTypes: list });
          const wire = connect(server, client);
          const all = wire.seen.A;
          const result = ofType(all, "terminal-types");
          expect(result).toHaveLength(1);
          expect(result[0].names).toEqual(list);
          if (mtts === undefined) expect(result[0].mtts).toBeUndefined();
          else expect(result[0].mtts?.value).toBe(mtts);
        },
      ),
      { numRuns: runs(100) },
    );
  });
});

describe("RFC 859 — STATUS codec", () => {
  it("decode(encode(report)) = report: SE doubled, option code 240, SB parameters; the bytes are the RFC's", () => {
    fc.assert(
      fc.property(statusReport, (r) => {
        const bytes = encodeStatusIs(u8s(r));
        expect(Array.from(bytes)).toEqual(statusIs(r));
        expect(decodeStatus(bytes)).toEqual({ type: "status", kind: "is", ...u8s(r) });
      }),
      { numRuns: runs(400) },
    );
  });

  it("encode(decode(p)) = p for every IS payload in the RFC's form (WILLs, then DOs, then SBs)", () => {
    fc.assert(
      fc.property(statusReport, (r) => {
        const p = Uint8Array.from(statusIs(r));
        const ev = decodeStatus(p);
        expect(typeof ev).toBe("object");
        if (typeof ev === "object" && ev.kind === "is") expect(encodeStatusIs(ev)).toEqual(p);
      }),
      { numRuns: runs(300) },
    );
  });

  it("SEND decodes; decoding arbitrary bytes never throws", () => {
    expect(decodeStatus(Uint8Array.from(STATUS_SEND))).toEqual({ type: "status", kind: "send" });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (p) => {
        const ev = decodeStatus(p);
        expect(typeof ev === "string" || (typeof ev === "object" && ev.type === "status")).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  });

  it("between two sessions: a STATUS IS (IAC and SE inside) arrives as the report, in any split", () => {
    fc.assert(
      fc.property(statusReport, cuts, (r, points) => {
        const { server, client } = pair({ role: "client" });
        expect(client.isEnabled(STATUS, "remote")).toBe(true);
        const wire = server.send({ type: "subnegotiation", option: STATUS, payload: encodeStatusIs(u8s(r)) });
        expect(Array.from(wire)).toEqual(sb(STATUS, statusIs(r)));
        expect(feed(client, splitAt(wire, points))).toEqual([{ type: "status", kind: "is", ...u8s(r) }]);
      }),
      { numRuns: runs(200) },
    );
  });

  it("STATUS SEND is answered with the sender's real state: its WILLs are my DOs and its DOs my WILLs", () => {
    const opts = [BINARY, ECHO, SGA, EOR_OPT, NAWS, PRIVATE_OPT];
    const sidePolicy = fc.constantFrom<SidePolicy>("accept", "refuse", "initiate");
    const policies = fc.array(fc.record({ local: sidePolicy, remote: sidePolicy }), { minLength: opts.length, maxLength: opts.length });
    fc.assert(
      fc.property(policies, policies, (pa, pb) => {
        const table = (p: { local: SidePolicy; remote: SidePolicy }[]) =>
          Object.fromEntries(opts.map((o, i) => [o, p[i]]));
        const a = new TelnetSession({ role: "server", options: { ...table(pa), status: { local: "accept", remote: "initiate" } } });
        const b = new TelnetSession({ role: "client", options: { ...table(pb), status: { local: "accept", remote: "accept" } } });
        const wire = connect(a, b);
        expect(a.isEnabled(STATUS, "remote")).toBe(true);
        wire.send(wire.A, { type: "status" });
        const seen = settle(wire).flat();
        const reports = ofType(seen, "status").filter((e) => e.kind === "is");
        expect(reports).toHaveLength(1);
        expect(reports[0]).toMatchObject({ will: a.enabledOptions("remote"), do: a.enabledOptions("local") });
      }),
      { numRuns: runs(150) },
    );
  });
});

describe("MTTS — terminal capabilities in the TTYPE cycle (mud-mtts.md)", () => {
  const names = Object.keys(MTTS_BITS) as MttsFlag[];

  it("parse(format(n)) = n for every 32-bit value, with each named bit read back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const flags = parseMtts(formatMtts(n));
        expect(flags?.value).toBe(n);
        for (const name of names) expect(flags?.[name]).toBe((n & MTTS_BITS[name]) !== 0);
      }),
      { numRuns: runs(300) },
    );
  });

  it("format(parse(s)) = s for every MTTS string, and flags given by name round-trip", () => {
    fc.assert(
      fc.property(fc.subarray(names), (on) => {
        const given = Object.fromEntries(on.map((n) => [n, true]));
        const s = formatMtts(given);
        expect(s).toBe(`MTTS ${on.reduce((v, n) => v | MTTS_BITS[n], 0)}`);
        const back = parseMtts(s)!;
        expect(formatMtts(back.value)).toBe(s);
        for (const name of names) expect(back[name]).toBe(on.includes(name));
      }),
      { numRuns: runs(200) },
    );
  });

  it("a TTYPE IS of an MTTS string carries the flags", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const ev = decodeTtype(encodeTtypeIs(formatMtts(n)));
        expect(ev).toMatchObject({ kind: "is", name: `MTTS ${n}`, mtts: { value: n } });
      }),
      { numRuns: runs(100) },
    );
  });
});
