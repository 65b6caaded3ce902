// One client session over a recorded server stream, summarised as plain data. The browser
// test runs this same file in Chromium and in Node, with the same build of the engine.

/** Feed `bytes` to a client session of `core` in `chunk`-byte pieces; what came out, as plain data. */
export function runSession(core, bytes, chunk) {
  const session = new core.TelnetSession({
    role: "client",
    terminalTypes: ["XTERM-256COLOR", "VT100"],
    windowSize: { width: 80, height: 24 },
  });
  const sent = [session.start()];
  const events = [];
  let text = "";
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const ev of session.receive(bytes.subarray(i, i + chunk))) {
      if (ev.type === "data") text += String.fromCharCode(...ev.bytes);
      else if (ev.type === "transmit") sent.push(ev.bytes);
      else events.push(plain(ev));
    }
  }
  return {
    byteSearch: core.byteSearch,
    globals: { Buffer: typeof globalThis.Buffer, process: typeof globalThis.process, require: typeof globalThis.require },
    events,
    text,
    sent: sent.map((b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")).join(""),
    local: session.enabledOptions("local").map(core.optionName),
    remote: session.enabledOptions("remote").map(core.optionName),
  };
}

// Byte arrays as number arrays, maps as entry lists: the same JSON in every runtime.
function plain(value) {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? Array.from(v) : v instanceof Map ? [...v] : v)),
  );
}
