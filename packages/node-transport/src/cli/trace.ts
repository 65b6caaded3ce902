import {
  COMMAND_NAMES,
  OPT,
  decodeCharset,
  decodeEnviron,
  decodeLflow,
  decodeLinemode,
  decodeNaws,
  decodeStatus,
  decodeTspeed,
  decodeTtype,
  decodeXdisploc,
  optionName,
} from "@telnetkit/core";

const IAC = 255;
const SB = 250;
const SE = 240;
const VERBS: Record<number, string> = { 251: "WILL", 252: "WONT", 253: "DO", 254: "DONT" };

// Subnegotiation decoders for the trace, by option.
const DECODERS: Record<number, (payload: Uint8Array) => unknown> = {
  [OPT.NAWS]: decodeNaws,
  [OPT.TTYPE]: decodeTtype,
  [OPT.STATUS]: decodeStatus,
  [OPT.CHARSET]: decodeCharset,
  [OPT.NEW_ENVIRON]: (p) => decodeEnviron(p),
  [OPT.ENVIRON]: (p) => decodeEnviron(p),
  [OPT.LINEMODE]: decodeLinemode,
  [OPT.TSPEED]: decodeTspeed,
  [OPT.XDISPLOC]: decodeXdisploc,
  [OPT.LFLOW]: decodeLflow,
};

/** Bytes as text where printable, `<hex>` otherwise. */
function show(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b >= 0x20 && b < 0x7f && b !== 0x3c ? String.fromCharCode(b) : `<${b.toString(16).padStart(2, "0")}>`;
  return s;
}

function describe(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v instanceof Uint8Array ? show(v) : v instanceof Map ? Object.fromEntries(v) : v,
  );
}

/**
 * A negotiation trace for one direction: feed it every byte of the stream (any chunking);
 * it prints each command, negotiation and subnegotiation, decoded, prefixed with `arrow`.
 * After an MCCP2 or MCCP3 start (`IAC SB MCCP2 IAC SE`) the bytes on the wire are zlib: it
 * counts them instead (it cannot see where the stream ends).
 */
export function traceDecoder(arrow: string, print: (line: string) => void): (bytes: Uint8Array) => void {
  let state: "data" | "iac" | "verb" | "sbopt" | "sb" | "sbiac" | "compressed" = "data";
  let verb = 0;
  let option = 0;
  let sb: number[] = [];
  let data = 0;
  const flushData = () => {
    if (data > 0) print(`${arrow} data (${data} bytes)`);
    data = 0;
  };
  return (bytes) => {
    if (state === "compressed") {
      print(`${arrow} compressed (${bytes.length} bytes)`);
      return;
    }
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      switch (state) {
        case "data":
          if (b === IAC) state = "iac";
          else data++;
          break;
        case "iac":
          state = "data";
          if (b === IAC) data++;
          else if (VERBS[b]) {
            verb = b;
            state = "verb";
          } else if (b === SB) state = "sbopt";
          else {
            flushData();
            print(`${arrow} IAC ${COMMAND_NAMES[b] ?? (b === SE ? "SE (no SB)" : b)}`);
          }
          break;
        case "verb":
          flushData();
          print(`${arrow} IAC ${VERBS[verb]} ${optionName(b)}`);
          state = "data";
          break;
        case "sbopt":
          option = b;
          sb = [];
          state = "sb";
          break;
        case "sb":
          if (b === IAC) state = "sbiac";
          else if (sb.length < 4096) sb.push(b);
          break;
        case "sbiac":
          if (b === IAC) {
            if (sb.length < 4096) sb.push(IAC);
            state = "sb";
          } else {
            flushData();
            const payload = Uint8Array.from(sb);
            let text = show(payload);
            try {
              const decoder = DECODERS[option];
              if (decoder) text = describe(decoder(payload));
            } catch {
              // keep the raw form
            }
            print(`${arrow} IAC SB ${optionName(option)} ${text} IAC SE${b === SE ? "" : ` (ended by IAC ${b})`}`);
            state = "data";
            if (b === SE && sb.length === 0 && (option === OPT.MCCP2 || option === OPT.MCCP3)) {
              state = "compressed";
              if (i + 1 < bytes.length) print(`${arrow} compressed (${bytes.length - i - 1} bytes)`);
              return;
            }
          }
          break;
      }
    }
    flushData();
  };
}
