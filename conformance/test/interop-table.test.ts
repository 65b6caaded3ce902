/**
 * The interop matrix's table (conformance/scripts/interop-table.mjs): each pair of the
 * results becomes one row of its section, with what worked, what did not, and why.
 */
import { describe, expect, it } from "vitest";
import { render, resultText, row, type InteropPair } from "../scripts/interop-table.mjs";

function pair(overrides: Partial<InteropPair> = {}): InteropPair {
  return {
    peer: "some telnet",
    package: "some-telnet",
    version: "some telnet 1.0",
    peerRole: "client",
    ours: "server, line mode (demo shell)",
    worked: true,
    settled: true,
    options: { local: ["SGA"], remote: ["TTYPE", "NAWS"] },
    sent: { ours: ["DO TTYPE", "DO NAWS", "WILL SGA"], peer: ["WILL TTYPE", "WILL NAWS", "DO SGA", "WILL LINEMODE"] },
    refused: { byUs: ["WILL LINEMODE"], byPeer: [] },
    unanswered: { ours: [], peer: [] },
    values: ['peer TTYPE IS "a|b"', "peer NAWS 80x24"],
    warnings: [],
    notes: [],
    seconds: 0.4,
    ...overrides,
  };
}

/** The cells of a Markdown table row (escaped pipes kept inside their cell). */
const cells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /);

describe("interop table", () => {
  it("a working pair: its options, refusals, subnegotiations (pipes escaped), no warnings, its time", () => {
    const c = cells(row(pair()));
    expect(c).toHaveLength(9);
    expect(c.slice(0, 4)).toEqual(["some telnet", "some telnet 1.0", "line mode (demo shell)", "works"]);
    expect(c[4]).toBe("ours: SGA<br>peer's: TTYPE NAWS");
    expect(c[5]).toBe("by us: WILL LINEMODE<br>by peer: none");
    expect(c[6]).toBe('peer TTYPE IS "a\\|b"<br>peer NAWS 80x24');
    expect(c[7]).toBe("none");
    expect(c[8]).toBe("0.4 s");
  });

  it("a failing pair says so with its error; an unsettled one names the requests left unanswered; notes follow", () => {
    expect(resultText(pair({ worked: false, error: "terminal never showed Goodbye." }))).toBe("**fails**: terminal never showed Goodbye.");
    const unsettled = pair({ settled: false, unanswered: { ours: ["WILL BINARY"], peer: [] }, notes: ["an extra line"] });
    expect(resultText(unsettled)).toBe(
      "works; negotiation did not settle: it never answered WILL BINARY (the session started after maxWait); an extra line",
    );
    const passed = pair({ settled: true, unanswered: { ours: ["WILL BINARY"], peer: [] } });
    expect(resultText(passed)).toBe("works; it never answered WILL BINARY (answered later requests, so not waited for)");
  });

  it("clients and servers in their own sections, the variant after the name, the counts in the summary", () => {
    const md = render({
      generated: "2026-01-02T03:04:05.000Z",
      platform: "linux x64, Node v20",
      pairs: [
        pair({ variant: "port not 23" }),
        pair({ peer: "some telnetd", peerRole: "server", ours: "client: terminal type", worked: false, error: "no login" }),
      ],
    });
    const clients = md.indexOf("## Our server with real clients");
    const servers = md.indexOf("## Our client with real servers");
    expect(clients).toBeGreaterThan(0);
    expect(servers).toBeGreaterThan(clients);
    expect(md.indexOf("| some telnet (port not 23) |")).toBeGreaterThan(clients);
    expect(md.indexOf("| some telnetd |")).toBeGreaterThan(servers);
    expect(md).toContain("2 pairs, 1 working, 1 failing, 0.8 s in all");
  });
});
