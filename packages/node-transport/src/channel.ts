import type { Socket } from "node:net";
import type { ByteChannel } from "@telnetkit/core";

/**
 * A Node socket (net or TLS) as a connection's byte channel. The socket should be created
 * with `allowHalfOpen: true`: the connection decides when our direction closes.
 */
export function socketChannel(socket: Socket): ByteChannel {
  let error: Error | undefined;
  return {
    start(events) {
      // Each 'data' Buffer is fresh from the socket (Node does not reuse it): safe to keep.
      socket.on("data", events.data);
      socket.on("drain", events.drain);
      socket.on("end", events.end);
      socket.on("error", (err) => (error ??= err));
      socket.on("close", () => events.close(error));
      if (socket.destroyed) queueMicrotask(() => events.close(error ?? new Error("socket closed before start")));
    },
    write: (bytes) => socket.write(bytes),
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    end: () => void socket.end(),
    destroy: (err) => void socket.destroy(err),
  };
}
