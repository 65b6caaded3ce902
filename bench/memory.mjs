// Retained heap per idle session. Run as a child: node --expose-gc memory.mjs N [CORE]
// Each server session goes through its opening negotiation with a client session, which
// is then dropped; what stays on the heap for the servers, divided by N, is the figure.
import { loadCore } from "./core.mjs";

if (typeof globalThis.gc !== "function") throw new Error("memory.mjs needs node --expose-gc");

const n = Number(process.argv[2] ?? 10000);
const { TelnetSession } = await loadCore(process.argv[3]);

// Exchange transmit bytes between two sessions until neither owes the other anything.
function negotiate(server, client) {
  let toClient = [server.start()];
  let toServer = [client.start()];
  for (let round = 0; round < 32 && (toClient.length > 0 || toServer.length > 0); round++) {
    const nextToServer = [];
    const nextToClient = [];
    for (const b of toClient) for (const ev of client.receive(b)) if (ev.type === "transmit") nextToServer.push(ev.bytes);
    for (const b of toServer) for (const ev of server.receive(b)) if (ev.type === "transmit") nextToClient.push(ev.bytes);
    toClient = nextToClient.filter((b) => b.length > 0);
    toServer = nextToServer.filter((b) => b.length > 0);
  }
}

function collect() {
  for (let k = 0; k < 4; k++) globalThis.gc();
  return process.memoryUsage();
}

const serverOptions = { role: "server", options: { naws: "request", ttype: "request", echo: "offer", sga: "offer" } };
const clientOptions = {
  role: "client",
  options: { echo: "accept", sga: "accept" },
  terminalTypes: ["XTERM-256COLOR", "VT100"],
  windowSize: { width: 120, height: 40 },
};

// Warm up the code paths so that compiled code is not counted as session memory.
for (let k = 0; k < 200; k++) negotiate(new TelnetSession(serverOptions), new TelnetSession(clientOptions));

const sessions = new Array(n).fill(null);
const before = collect();
for (let k = 0; k < n; k++) {
  const server = new TelnetSession(serverOptions);
  negotiate(server, new TelnetSession(clientOptions));
  sessions[k] = server;
}
const after = collect();
const probe = sessions[n - 1];
process.stdout.write(
  JSON.stringify({
    sessions: n,
    heapPerSession: (after.heapUsed - before.heapUsed) / n,
    externalPerSession: (after.arrayBuffers - before.arrayBuffers) / n,
    settled: probe.isSettled(),
    enabled: { local: probe.enabledOptions("local"), remote: probe.enabledOptions("remote") },
  }) + "\n",
);
