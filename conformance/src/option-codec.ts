import fc from "fast-check";
import { expect } from "vitest";
import { TelnetSession, type Role, type TelnetEvent } from "@telnetkit/core";
import { runs } from "./arbitraries.js";
import { DO, WILL, neg, sb } from "./telnet.js";

/** A codec as the option modules export it: decode gives an object, or a string saying what is wrong. */
export interface Codec<M> {
  decode(payload: Uint8Array): M | string;
  encode(message: M): Uint8Array;
}

/** Bytes 0-255 as a one-byte-per-character string (the ASCII fields of subnegotiations). */
export const latin1String = (maxLength = 40) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((codes) => String.fromCharCode(...codes));

export const byte = fc.integer({ min: 0, max: 255 });
export const bytesArb = (maxLength = 64) => fc.uint8Array({ maxLength });

/**
 * The two halves of "encode and decode are inverse": every message the encoder takes
 * decodes to itself (`expected` maps a message to its decoded form when they differ),
 * and every payload the decoder takes encodes back to the same bytes (`canonical`
 * filters the payloads that have one spelling only).
 */
export function checkRoundTrips<M>(
  codec: Codec<M>,
  messages: fc.Arbitrary<M>,
  opts: { expected?: (m: M) => unknown; payloads?: fc.Arbitrary<Uint8Array>; canonical?: (p: Uint8Array) => boolean } = {},
): void {
  fc.assert(
    fc.property(messages, (m) => {
      expect(codec.decode(codec.encode(m))).toEqual(opts.expected ? opts.expected(m) : m);
    }),
    { numRuns: runs(300) },
  );
  fc.assert(
    fc.property(opts.payloads ?? bytesArb(), (p) => {
      const m = codec.decode(p);
      if (typeof m === "string" || (opts.canonical && !opts.canonical(p))) return;
      expect([...codec.encode(m)]).toEqual([...p]);
    }),
    { numRuns: runs(600) },
  );
}

/** The decoder never throws, on any bytes: it gives a message or a reason. */
export function checkDecodeNeverThrows<M>(decode: (p: Uint8Array) => M | string, payloads = bytesArb(300)): void {
  fc.assert(
    fc.property(payloads, (p) => {
      const m = decode(p);
      expect(typeof m === "string" || (typeof m === "object" && m !== null)).toBe(true);
    }),
    { numRuns: runs(500) },
  );
}

/** Payloads biased to the option's own subcommand codes, and otherwise any bytes. */
export const payloadsFor = (firstBytes: readonly number[], maxLength = 40) =>
  fc.oneof(
    bytesArb(maxLength),
    fc.tuple(fc.constantFrom(...firstBytes), bytesArb(maxLength)).map(([b, rest]) => Uint8Array.from([b, ...rest])),
    fc.tuple(fc.constantFrom(...firstBytes), bytesArb(4)).map(([b, rest]) => Uint8Array.from([b, ...rest])),
  );

/**
 * A session of either role, with the option off, on one side, or on both, takes any
 * subnegotiation of it: no exception, no `module-error` (a module that threw), every
 * event a plain object with a string type, and the session still decodes data after.
 */
export function checkSessionTakesAnyPayload(option: number, payloads: fc.Arbitrary<Uint8Array>, settings: object = {}): void {
  fc.assert(
    fc.property(
      fc.constantFrom<Role>("client", "server"),
      fc.constantFrom("off", "local", "remote", "both"),
      fc.array(payloads, { minLength: 1, maxLength: 6 }),
      (role, on, list) => {
        const s = new TelnetSession({ role, options: { [option]: "accept" }, ...settings });
        const opening: number[] = [];
        if (on === "local" || on === "both") opening.push(...neg(DO, option));
        if (on === "remote" || on === "both") opening.push(...neg(WILL, option));
        const events: TelnetEvent[] = s.receive(Uint8Array.from(opening));
        for (const p of list) events.push(...s.receive(Uint8Array.from(sb(option, p))));
        for (const ev of events) {
          expect(typeof ev.type).toBe("string");
          if (ev.type === "warning") expect(ev.code).not.toBe("module-error");
        }
        const after = s.receive(Uint8Array.from([0x6f, 0x6b]));
        expect(after.filter((e) => e.type === "data").flatMap((e) => [...(e as { bytes: Uint8Array }).bytes])).toEqual([0x6f, 0x6b]);
      },
    ),
    { numRuns: runs(200) },
  );
}
