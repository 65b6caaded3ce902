/**
 * A reference reader of the negotiation messages in a Telnet byte stream (RFC 854
 * commands outside RFC 855 subnegotiations), written apart from the engine so that the
 * suite can see what each end said on the wire.
 */
import { DO, DONT, IAC, SB, SE, WILL, WONT } from "./telnet.js";

const DATA = 0;
const CMD = 1; // after IAC
const OPTION = 2; // after IAC verb
const SB_OPTION = 3; // after IAC SB
const IN_SB = 4;
const SB_IAC = 5;

/** A negotiation message: `[verb, option]`. */
export type Negotiation = [number, number];

/** Reads a stream given in any pieces; keeps partial messages across `push` calls. */
export class NegotiationScanner {
  private state = DATA;
  private verb = 0;

  /** The negotiation messages completed by these bytes, in order. */
  push(bytes: Iterable<number>): Negotiation[] {
    const found: Negotiation[] = [];
    for (const b of bytes) {
      switch (this.state) {
        case DATA:
          if (b === IAC) this.state = CMD;
          break;
        case CMD:
          if (b >= WILL && b <= DONT) {
            this.verb = b;
            this.state = OPTION;
          } else this.state = b === SB ? SB_OPTION : DATA;
          break;
        case OPTION:
          found.push([this.verb, b]);
          this.state = DATA;
          break;
        case SB_OPTION:
          this.state = IN_SB;
          break;
        case IN_SB:
          if (b === IAC) this.state = SB_IAC;
          break;
        default: // SB_IAC: IAC SE ends it, IAC IAC is a data byte of the parameters
          this.state = b === SE ? DATA : IN_SB;
          break;
      }
    }
    return found;
  }

  /** Whether the stream so far ends between messages. */
  get atBoundary(): boolean {
    return this.state === DATA;
  }
}

/** The negotiation messages in a complete piece of stream. */
export const negotiations = (bytes: Iterable<number>): Negotiation[] => new NegotiationScanner().push(bytes);

export const VERB_NAMES: Record<number, string> = { [WILL]: "WILL", [WONT]: "WONT", [DO]: "DO", [DONT]: "DONT" };
