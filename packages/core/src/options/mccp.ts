/**
 * What MCCP2 and MCCP3 (mud-mccp.md) share: one side of the connection compresses what it
 * sends with zlib (RFC 1950) from just after `IAC SB <option> IAC SE`, until an orderly
 * stream end (Z_FINISH). The engine holds no zlib: it says where compression starts and
 * ends, and the application (`TelnetConnection` with a `CompressionCodec`) compresses and
 * decompresses.
 *
 * - The compressing side: once the option is on, it sends `IAC SB <option> IAC SE` and a
 *   `compression` event `{ direction: "out", active: true }`: every byte written after the
 *   subnegotiation goes through the compressor, flushed (Z_SYNC_FLUSH) at each write. An
 *   event `{ direction: "out", active: false }` asks for the stream end, plain after it.
 * - The decompressing side: after `IAC SB <option> IAC SE`, the rest of the chunk and every
 *   later chunk come as `compressed` events (views of the input, not parsed). The
 *   application inflates them, gives the output to `session.decompressed()`, and at the end
 *   of the zlib stream calls `session.decompressionEnded(rest)` with the bytes that followed
 *   it, parsed as plain Telnet. On a zlib error, `session.decompressionFailed()` turns the
 *   option off (a `compression-error` warning, DONT MCCP2 / WONT MCCP3, as the spec says)
 *   and the connection goes on uncompressed.
 */
import { OPT, optionName } from "../engine/constants.js";
import type { Side } from "../engine/events.js";
import type { OptionHost, OptionModule, Role, SidesPolicy } from "../engine/option.js";
import type { SessionOptions } from "../engine/session-options.js";

/**
 * Compression of one direction started or ended. `direction: "out"`: what we write from now
 * on is compressed (`active: true`) or the compressed stream must end now (`active: false`:
 * finish it with Z_FINISH, then write plain). `direction: "in"`: the peer's bytes are
 * compressed from here (`compressed` events follow) or are plain again.
 */
export interface CompressionEvent {
  type: "compression";
  option: number;
  direction: "in" | "out";
  active: boolean;
}

/** Bytes of the peer's compressed stream, as received (a view of the input): inflate them. */
export interface CompressedEvent {
  type: "compressed";
  option: number;
  bytes: Uint8Array;
}

/**
 * Start (`start`: `IAC SB <option> IAC SE`, then compress) or end (`stop`: Z_FINISH, then
 * plain) the compression of our output. Only the side that compresses sends it: the server
 * for MCCP2, the client for MCCP3. Nothing happens while the option is off, or when
 * compression is already in the state asked for.
 */
export interface MccpCommand {
  type: "mccp2" | "mccp3";
  action: "start" | "stop";
}

/** The subset of a `CompressionCodec` the engine looks at: which directions the application can do. */
export interface CompressionAbility {
  createInflater?: unknown;
  createDeflater?: unknown;
}

interface MccpOut {
  // Our output is compressed (the subnegotiation was sent, no stop since).
  compressing: boolean;
}

/** How one of the two options is laid out: which role compresses, and on which side of the option that role sees it. */
interface MccpShape {
  code: number;
  name: "mccp2" | "mccp3";
  // The role that sends compressed data.
  compressor: Role;
  // The side of the option, as the compressor sees it (MCCP2: its own WILL; MCCP3: the server's WILL, remote to the client).
  compressorSide: Side;
}

function codecOf(settings: SessionOptions): CompressionAbility | undefined {
  const c = settings.compression;
  return c ? (c as CompressionAbility) : undefined;
}

function otherSide(side: Side): Side {
  return side === "local" ? "remote" : "local";
}

/** Build the module of MCCP2 or MCCP3 from its shape. */
export function mccpModule(shape: MccpShape): OptionModule {
  const { code, name, compressor, compressorSide } = shape;
  const decompressor: Role = compressor === "server" ? "client" : "server";
  const decompressorSide = otherSide(compressorSide);
  const label = optionName(code);

  const outState = (host: OptionHost): MccpOut => host.state<MccpOut>(code, () => ({ compressing: false }));

  const start = (host: OptionHost): void => {
    const st = outState(host);
    if (st.compressing || !host.isEnabled(code, compressorSide)) return;
    st.compressing = true;
    host.subnegotiate(code, []);
    host.emitBoundary({ type: "compression", option: code, direction: "out", active: true });
  };

  const stop = (host: OptionHost): void => {
    const st = outState(host);
    if (!st.compressing) return;
    st.compressing = false;
    host.emitBoundary({ type: "compression", option: code, direction: "out", active: false });
  };

  return {
    code,
    name,
    // Without a codec, the side that would have to decompress or compress refuses.
    defaultPolicy(role, settings) {
      const codec = codecOf(settings);
      const policy: SidesPolicy = {};
      if (role === decompressor && codec?.createInflater) policy[decompressorSide] = "accept";
      if (role === compressor && codec?.createDeflater && compressor === "client") policy[compressorSide] = "accept";
      return policy;
    },
    commands: [name],
    receive(payload, host) {
      if (host.role !== decompressor) {
        host.warn("wrong-direction", `${label} start from the ${decompressor}, which does not compress: ignored`, code);
        return;
      }
      // RFC 1143: after our DONT / WONT (WANTNO) the peer may still start, until its answer comes.
      const st = host.optionState(code)[decompressorSide];
      if (st !== "yes" && st !== "wantno") {
        host.warn("sb-not-enabled", `${label} subnegotiation while ${label} is off: not decompressing`, code);
        return;
      }
      if (payload.length !== 0) {
        // mud-mccp.md: compression starts with IAC SB <option> IAC SE and nothing else.
        host.warn("malformed-subnegotiation", `${label} subnegotiation with ${payload.length} bytes of payload: ignored`, code);
        return;
      }
      if (!host.decompressFrom(code, decompressorSide)) {
        host.warn("wrong-state", `${label} start inside a compressed stream: ignored`, code);
      }
    },
    send(command, host) {
      const c = command as MccpCommand;
      if (c.action !== "start" && c.action !== "stop") {
        throw new TypeError(`${name}: action must be "start" or "stop", not ${JSON.stringify(c.action)}`);
      }
      if (host.role !== compressor) throw new TypeError(`${name}: only the ${compressor} compresses`);
      if (c.action === "start") start(host);
      else stop(host);
    },
    changed(side, enabled, host) {
      if (host.role !== compressor || side !== compressorSide) return;
      // mud-mccp.md: the compressor starts as soon as the option is agreed, and ends its
      // stream when the peer turns the option off (DONT MCCP2, WONT MCCP3).
      if (enabled) start(host);
      else stop(host);
    },
  };
}

/** Whether our output is compressed now under this option (MCCP2 on a server, MCCP3 on a client). */
export function mccpCompressing(session: Pick<OptionHost, "state">, option: number = OPT.MCCP2): boolean {
  return session.state<MccpOut>(option & 0xff, () => ({ compressing: false })).compressing;
}
