import {
  TelnetConnection,
  TelnetSession,
  createChannelPair,
  type ConnectionOptions,
  type SessionOptions,
  type TelnetEvent,
} from "@telnetkit/core";

// Events that transmit bytes never move across: what the peer must see before them.
const BARRIERS = new Set(["data", "command", "compression", "compressed"]);

export const bytes = (...parts: (number | string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else if (typeof p === "string") for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return new Uint8Array(out);
};

/** Events with data merged and transmit bytes as plain arrays, for readable comparisons. */
export function simplify(events: TelnetEvent[]): unknown[] {
  const out: unknown[] = [];
  // Transmit bytes in canonical place: gathered up to the next data or command event (the
  // engine may send replies to a run of negotiation early, in one event, never late).
  let tx: number[] | null = null;
  for (const ev of events) {
    if (ev.type === "transmit") {
      (tx ??= []).push(...ev.bytes);
      continue;
    }
    if (tx !== null && BARRIERS.has(ev.type)) {
      out.push({ type: "transmit", bytes: tx });
      tx = null;
    }
    const prev = out[out.length - 1] as { type?: string; bytes?: number[] } | undefined;
    if (ev.type === "data" && prev?.type === "data") {
      prev.bytes!.push(...ev.bytes);
    } else if (ev.type === "data") {
      out.push({ type: ev.type, bytes: [...ev.bytes] });
    } else if (ev.type === "subnegotiation") {
      out.push({ ...ev, payload: [...ev.payload] });
    } else {
      out.push(ev);
    }
  }
  if (tx !== null) out.push({ type: "transmit", bytes: tx });
  return out;
}

export const transmitted = (events: TelnetEvent[]): number[] =>
  events.flatMap((e) => (e.type === "transmit" ? [...e.bytes] : []));

export const dataOf = (events: TelnetEvent[]): number[] =>
  events.flatMap((e) => (e.type === "data" ? [...e.bytes] : []));

export const ofType = <T extends TelnetEvent["type"]>(events: TelnetEvent[], type: T) =>
  events.filter((e): e is Extract<TelnetEvent, { type: T }> => e.type === type);

/**
 * Two sessions joined by an in-memory wire: what one transmits, the other receives,
 * until both are quiet (bounded).
 */
export function pair(server: SessionOptions, client: SessionOptions) {
  const s = new TelnetSession(server);
  const c = new TelnetSession(client);
  const seen = { server: [] as TelnetEvent[], client: [] as TelnetEvent[] };
  let messages = 0;
  const pump = (toServer: Uint8Array[], toClient: Uint8Array[]) => {
    for (let round = 0; round < 100 && (toServer.length || toClient.length); round++) {
      const nextServer: Uint8Array[] = [];
      const nextClient: Uint8Array[] = [];
      for (const b of toServer) {
        messages++;
        for (const ev of s.receive(b)) {
          seen.server.push(ev);
          if (ev.type === "transmit") nextClient.push(ev.bytes);
        }
      }
      for (const b of toClient) {
        messages++;
        for (const ev of c.receive(b)) {
          seen.client.push(ev);
          if (ev.type === "transmit") nextServer.push(ev.bytes);
        }
      }
      toServer = nextServer;
      toClient = nextClient;
    }
    if (toServer.length || toClient.length) throw new Error("wire did not settle in 100 rounds");
  };
  return {
    server: s,
    client: c,
    seen,
    get messages() {
      return messages;
    },
    /** Start both, then pump until quiet. */
    open() {
      const a = s.start();
      const b = c.start();
      pump(b.length ? [b] : [], a.length ? [a] : []);
    },
    fromServer(b: Uint8Array) {
      if (b.length) pump([], [b]);
    },
    fromClient(b: Uint8Array) {
      if (b.length) pump([b], []);
    },
  };
}

/** A server and a client connection on an in-memory channel pair (`a` the server's end, `b` the client's). */
export function connectionPair(
  server: Omit<ConnectionOptions, "role"> = {},
  client: Omit<ConnectionOptions, "role"> = {},
  highWaterMark?: number,
) {
  const [a, b] = createChannelPair({ highWaterMark });
  const s = new TelnetConnection(a, { role: "server", ...server });
  const c = new TelnetConnection(b, { role: "client", ...client });
  return { s, c, a, b };
}
