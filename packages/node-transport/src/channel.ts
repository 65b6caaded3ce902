import type { Socket } from "node:net";
import type { ByteChannel, ChannelEvents } from "@telnetkit/core";

// Listeners shared by every socket (Node calls them with the socket as `this`): no closures per connection.
const EVENTS = Symbol("telnetkit.events");
const ERROR = Symbol("telnetkit.error");
type Tagged = Socket & { [EVENTS]?: ChannelEvents; [ERROR]?: Error };
function onData(this: Tagged, bytes: Buffer): void {
  this[EVENTS]!.data(bytes);
}
function onDrain(this: Tagged): void {
  this[EVENTS]!.drain();
}
function onEnd(this: Tagged): void {
  this[EVENTS]!.end();
}
function onError(this: Tagged, err: Error): void {
  this[ERROR] ??= err;
}
function onClose(this: Tagged): void {
  this[EVENTS]!.close(this[ERROR]);
}

/** A Node socket (net or TLS) as a connection's byte channel. */
class SocketChannel implements ByteChannel {
  constructor(private readonly socket: Tagged) {}

  start(events: ChannelEvents): void {
    const s = this.socket;
    s[EVENTS] = events;
    // Each 'data' Buffer is fresh from the socket (Node does not reuse it): safe to keep.
    s.on("data", onData);
    s.on("drain", onDrain);
    s.on("end", onEnd);
    s.on("error", onError);
    s.on("close", onClose);
    if (s.destroyed) queueMicrotask(() => events.close(s[ERROR] ?? new Error("socket closed before start")));
  }
  write(bytes: Uint8Array): boolean {
    return this.socket.write(bytes);
  }
  pause(): void {
    this.socket.pause();
  }
  resume(): void {
    this.socket.resume();
  }
  end(): void {
    const s = this.socket;
    // Node emits no 'drain' once ending: a write waiting for one learns it was sent at 'finish'.
    if (s.writableNeedDrain) s.once("finish", onDrain);
    s.end();
  }
  destroy(error?: Error): void {
    this.socket.destroy(error);
  }
}

/**
 * A Node socket (net or TLS) as a connection's byte channel. The socket should be created
 * with `allowHalfOpen: true`: the connection decides when our direction closes.
 */
export function socketChannel(socket: Socket): ByteChannel {
  return new SocketChannel(socket);
}
