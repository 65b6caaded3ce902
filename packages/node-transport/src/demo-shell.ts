import type { TelnetConnection } from "@telnetkit/core";

/** What was negotiated on a connection, as lines of text for a person to read. */
export function describeConnection(conn: TelnetConnection): string[] {
  const info = conn.info();
  const size = info.windowSize ? `${info.windowSize.width}x${info.windowSize.height}` : "not reported";
  const env = Object.entries(info.environment)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const types = info.terminalTypes.length > 1 ? ` (all: ${info.terminalTypes.join(", ")})` : "";
  return [
    `Terminal type:  ${info.terminalType ?? "not reported"}${types}`,
    `Window size:    ${size}`,
    `Charset:        ${info.charset} (in use now: ${info.encoding.input} in, ${info.encoding.output} out)`,
    `Environment:    ${env || "none"}`,
    `Options I do:   ${info.options.local.join(" ") || "none"}`,
    `Options you do: ${info.options.remote.join(" ") || "none"}`,
  ];
}

const HELP = [
  "help    this list",
  "status  what your client and this server negotiated",
  "quit    end the session",
  "Anything else comes back to you.",
];

/**
 * The demo shell of `telnetkit-server`: greets, shows what was negotiated, echoes each
 * line, and knows `help`, `status` and `quit`.
 */
export async function demoShell(conn: TelnetConnection): Promise<void> {
  const out = (lines: string[]) => conn.write(lines.map((l) => `${l}\n`).join(""));
  await out(["Welcome to telnetkit!", "", ...describeConnection(conn), "", "Type help for commands."]);
  for (;;) {
    await conn.write("> ");
    await conn.send({ type: "prompt" });
    const line = await conn.readline();
    if (line === null) return;
    const command = line.trim();
    if (command === "quit" || command === "exit") {
      await out(["Goodbye."]);
      return;
    }
    if (command === "help" || command === "?") await out(HELP);
    else if (command === "status") await out(describeConnection(conn));
    else if (command !== "") await out([`You typed: ${line}`]);
  }
}
