// Receive throughput: feed a workload to a session chunk by chunk and consume its events as
// an application would; beside it, the plain Buffer#indexOf(0xff) scan over the same chunks.
import { NEGO_OPTIONS } from "./workloads.mjs";
import { now, throughputPair } from "./measure.mjs";

const IAC = 255;
const WILL = 251;
const bufferIndexOf = Buffer.prototype.indexOf;

/** What the events of one pass held: checked by run.mjs so that no work is skipped. */
export function newTally() {
  return { data: 0, transmit: 0, events: 0, commands: 0, options: 0, warnings: 0, other: 0 };
}

// What an application does with events: hand data on, write transmit bytes to the peer.
function consume(events, tally, sink) {
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    tally.events++;
    switch (ev.type) {
      case "data":
        tally.data += ev.bytes.length;
        break;
      case "transmit":
        sink.write(ev.bytes);
        tally.transmit += ev.bytes.length;
        break;
      case "command":
        tally.commands++;
        break;
      case "option":
        tally.options++;
        break;
      case "warning":
        tally.warnings++;
        break;
      default:
        tally.other++;
    }
  }
}

// Stands in for a socket: keeps the last bytes written so they stay observable.
const sink = {
  last: null,
  write(bytes) {
    this.last = bytes;
  },
};

/** A session of `core` set up for a workload, in the state that workload expects. */
export function sessionFor(core, workload) {
  if (workload === "nego") {
    // Every option of the workload accepted on both sides, so each command is acted on.
    const options = {};
    for (const code of NEGO_OPTIONS) options[code] = "accept";
    return new core.TelnetSession({ role: "server", options });
  }
  const s = new core.TelnetSession({ role: "client", options: { binary: "accept" } });
  if (workload === "binary") {
    // The peer's BINARY on (RFC 856): no CR NUL processing of what it sends.
    consume(s.receive(Uint8Array.of(IAC, WILL, 0)), newTally(), sink);
    if (!s.isEnabled(0, "remote")) throw new Error("bench: BINARY did not turn on");
  }
  return s;
}

/** One pass of a workload through a fresh session; returns elapsed ms and fills `tally`. */
export function receivePass(core, workload, chunks, tally) {
  const s = sessionFor(core, workload);
  const t0 = now();
  for (let c = 0; c < chunks.length; c++) consume(s.receive(chunks[c]), tally, sink);
  return now() - t0;
}

/** One pass of the ceiling: find every 0xFF in every chunk with Buffer#indexOf. */
export function scanPass(chunks, tally) {
  const t0 = now();
  let hits = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c];
    for (let i = bufferIndexOf.call(chunk, IAC, 0); i !== -1; i = bufferIndexOf.call(chunk, IAC, i + 1)) hits++;
  }
  tally.hits = hits;
  return now() - t0;
}

/**
 * One pass of the least a JavaScript Telnet parser does on a stream of commands: find each
 * command (IAC verb option, IAC SB ... IAC SE, IAC x), read its option byte, and nothing else
 * (no events, no replies, no state but the parser's own). The reference for the nego figure,
 * where the byte scan alone says little: every few bytes is a command.
 */
export function walkPass(chunks, tally, withEvents = false) {
  const t0 = now();
  let events = 0;
  let commands = 0;
  let sum = 0;
  let state = 0; // 0 data, 1 after IAC, 2 after a verb, 3 in SB, 4 IAC in SB
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c];
    const n = chunk.length;
    // With events: one plain object per command in an array per chunk, as an engine returns them.
    const list = withEvents ? [] : null;
    let i = 0;
    while (i < n) {
      const b = chunk[i];
      if (state === 0) {
        if (b === IAC) state = 1;
        i++;
      } else if (state === 1) {
        state = b >= WILL ? 2 : b === 250 ? 3 : 0;
        if (state === 0) {
          commands++;
          if (list !== null) list.push({ type: "command", code: b });
        } else if (state === 3) sum += chunk[i + 1] ?? 0;
        i++;
      } else if (state === 2) {
        sum += b;
        commands++;
        if (list !== null) list.push({ type: "option", option: b, side: "local", enabled: true });
        state = 0;
        i++;
      } else if (state === 3) {
        const iac = bufferIndexOf.call(chunk, IAC, i);
        if (iac === -1) i = n;
        else {
          i = iac + 1;
          state = 4;
        }
      } else {
        if (b === 240) {
          commands++;
          if (list !== null) list.push({ type: "subnegotiation", option: sum & 255, end: i });
          state = 0;
        } else state = 3;
        i++;
      }
    }
    if (list !== null) events += list.length;
  }
  tally.commands = commands;
  tally.events = events;
  tally.sum = sum;
  return now() - t0;
}

/** Engine throughput and the bare command walk over the same chunks, measured in turns. */
export function measureWalk(core, workload, chunks, bytes, runs) {
  const tally = newTally();
  const walkTally = {};
  const objectTally = {};
  const [, withEvents] = throughputPair(
    bytes,
    runs,
    () => {
      Object.assign(tally, newTally());
      return receivePass(core, workload, chunks, tally);
    },
    () => walkPass(chunks, objectTally, true),
  );
  const [engine, walk] = throughputPair(
    bytes,
    runs,
    () => {
      Object.assign(tally, newTally());
      return receivePass(core, workload, chunks, tally);
    },
    () => walkPass(chunks, walkTally),
  );
  return { engine, walk, withEvents, commands: walkTally.commands, events: objectTally.events };
}

/** Engine and ceiling throughput (MiB/s) of a workload cut into `chunks`, measured in turns. */
export function measureReceive(core, workload, chunks, bytes, runs) {
  const tally = newTally();
  const scanTally = {};
  const [engine, scan] = throughputPair(
    bytes,
    runs,
    () => {
      Object.assign(tally, newTally());
      return receivePass(core, workload, chunks, tally);
    },
    () => scanPass(chunks, scanTally),
  );
  return { engine, scan, tally, hits: scanTally.hits };
}
