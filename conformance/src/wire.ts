/**
 * A simulated connection between two sessions: one in-order byte queue each way, as TCP
 * gives, delivered in whatever pieces and whatever interleaving the test chooses.
 */
import type { TelnetCommand, TelnetEvent, TelnetSession } from "@telnetkit/core";

/** Bytes written by one end and not yet read by the other. */
export class ByteQueue {
  private bytes: number[] = [];

  push(data: Iterable<number>): void {
    for (const b of data) this.bytes.push(b);
  }

  /** Remove and return up to `n` bytes from the front. */
  take(n: number): Uint8Array {
    return Uint8Array.from(this.bytes.splice(0, Math.min(n, this.bytes.length)));
  }

  get size(): number {
    return this.bytes.length;
  }
}

/** One end: its session and the bytes it has written that the other end has not read yet. */
export interface End {
  readonly name: "A" | "B";
  readonly session: TelnetSession;
  readonly outbox: ByteQueue;
}

/** Two sessions joined by a simulated wire. */
export class SimulatedWire {
  readonly A: End;
  readonly B: End;
  /** Every byte each end has written, in order. */
  readonly written: { A: number[]; B: number[] } = { A: [], B: [] };
  /** Every event each end's `receive()` returned, in order. */
  readonly seen: { A: TelnetEvent[]; B: TelnetEvent[] } = { A: [], B: [] };

  constructor(a: TelnetSession, b: TelnetSession) {
    this.A = { name: "A", session: a, outbox: new ByteQueue() };
    this.B = { name: "B", session: b, outbox: new ByteQueue() };
  }

  peer(end: End): End {
    return end === this.A ? this.B : this.A;
  }

  /** Put bytes an end produced on the wire. */
  write(end: End, bytes: Uint8Array): void {
    end.outbox.push(bytes);
    this.written[end.name].push(...bytes);
  }

  /** `send()` on an end; the bytes go on the wire. Returns the bytes and the events `send` produced. */
  send(end: End, command: TelnetCommand): { bytes: Uint8Array; events: TelnetEvent[] } {
    const bytes = end.session.send(command);
    this.write(end, bytes);
    return { bytes, events: end.session.takeEvents() };
  }

  /** Deliver up to `n` bytes written by `from` to its peer; the peer's answers go on the wire. */
  deliver(from: End, n: number): { bytes: Uint8Array; events: TelnetEvent[] } {
    const to = this.peer(from);
    const bytes = from.outbox.take(n);
    const events = to.session.receive(bytes);
    this.seen[to.name].push(...events);
    for (const ev of events) if (ev.type === "transmit") this.write(to, ev.bytes);
    return { bytes, events };
  }

  /** Whether nothing is in flight. */
  get quiet(): boolean {
    return this.A.outbox.size === 0 && this.B.outbox.size === 0;
  }
}

/** Deliver everything in flight both ways until the wire is quiet (at most `maxRounds` rounds; more is a loop). */
export function settle(wire: SimulatedWire, maxRounds = 50): TelnetEvent[][] {
  const seen: TelnetEvent[][] = [];
  for (let round = 0; !wire.quiet; round++) {
    if (round >= maxRounds) throw new Error(`the wire did not settle in ${maxRounds} rounds`);
    if (wire.A.outbox.size > 0) seen.push(wire.deliver(wire.A, wire.A.outbox.size).events);
    if (wire.B.outbox.size > 0) seen.push(wire.deliver(wire.B, wire.B.outbox.size).events);
  }
  return seen;
}

/** A server (A) and a client (B) joined by a wire, with their opening negotiation done. */
export function connect(a: TelnetSession, b: TelnetSession): SimulatedWire {
  const wire = new SimulatedWire(a, b);
  wire.write(wire.A, a.start());
  wire.write(wire.B, b.start());
  settle(wire);
  return wire;
}
