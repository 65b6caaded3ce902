// A client TelnetConnection with inflateCodec() reading a recorded MCCP2 server stream
// from an in-memory channel, summarised as plain data. The browser test runs this same file
// in Chromium and in Node, with the same build of the engine.

/** Write `bytes` in `chunk`-byte pieces to a client connection of `core`; what it read and answered. */
export async function runMccp(core, bytes, chunk) {
  const [serverEnd, clientEnd] = core.createChannelPair();
  const sent = [];
  serverEnd.start({ data: (b) => sent.push(...b), drain() {}, end() {}, close() {} });
  const conn = new core.TelnetConnection(clientEnd, { role: "client", compression: core.inflateCodec() });
  const warnings = [];
  const compression = [];
  conn.on("warning", (w) => warnings.push(w.code));
  conn.on("compression", (ev) => compression.push(`${ev.direction} ${ev.active ? "on" : "off"}`));
  for (let i = 0; i < bytes.length; i += chunk) serverEnd.write(bytes.subarray(i, i + chunk));
  serverEnd.end();
  let text = "";
  for (;;) {
    const part = await conn.read();
    if (part === null) break;
    text += part;
  }
  // Our answers reach the other end before both ends are closed.
  await conn.closed;
  return {
    globals: { Buffer: typeof globalThis.Buffer, process: typeof globalThis.process, require: typeof globalThis.require },
    text,
    warnings,
    compression,
    decompressing: conn.session.decompressing,
    sent: sent.map((b) => b.toString(16).padStart(2, "0")).join(""),
  };
}
