/**
 * Line editing for a terminal in raw mode: typed characters are echoed and kept until
 * Enter; Backspace/DEL erase one character, ^U the line, ^W a word.
 */
export class LineEditor {
  private line = "";

  constructor(private readonly echo: (text: string) => void) {}

  /** Whether anything is typed. */
  get empty(): boolean {
    return this.line.length === 0;
  }

  /** Feed typed text; returns the lines completed by Enter (CR or LF), without their end. */
  feed(text: string): string[] {
    const done: string[] = [];
    for (const ch of text) {
      if (ch === "\r" || ch === "\n") {
        if (ch === "\n" && this.lastWasCr) {
          this.lastWasCr = false;
          continue;
        }
        this.lastWasCr = ch === "\r";
        this.echo("\r\n");
        done.push(this.line);
        this.line = "";
        continue;
      }
      this.lastWasCr = false;
      if (ch === "\x7f" || ch === "\b") this.erase(1);
      else if (ch === "\x15") this.erase(this.chars());
      else if (ch === "\x17") this.erase(this.chars() - [...this.line.replace(/\S+\s*$/, "")].length);
      else if (ch >= " ") {
        this.line += ch;
        this.echo(ch);
      }
    }
    return done;
  }

  /** Forget the line typed so far. */
  clear(): void {
    this.line = "";
  }

  private lastWasCr = false;

  private chars(): number {
    return [...this.line].length;
  }

  private erase(n: number): void {
    const chars = [...this.line];
    const k = Math.min(n, chars.length);
    if (k <= 0) return;
    this.line = chars.slice(0, chars.length - k).join("");
    this.echo("\b \b".repeat(k));
  }
}
