/**
 * Synchronous MCCP codecs for the connection tests: an inflater on node:zlib's one-shot
 * functions (re-run over what it has so far, fine for small streams) and a deflater that
 * writes stored zlib blocks (RFC 1950/1951), each write its own block, as a flush does.
 * Both answer inside the call, which is the other half of what real codecs may do.
 */
import { inflateSync, constants as zc } from "node:zlib";
import type { CompressionCodec, DeflaterSink, InflaterSink } from "@telnetkit/core";

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function adler32(data: Uint8Array, start = 1): number {
  let a = start & 0xffff;
  let b = start >>> 16;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** `wrap` lets a test delay what the codec delivers (an asynchronous codec). */
export function syncCodec(wrap: (deliver: () => void) => void = (deliver) => deliver()): CompressionCodec {
  return {
    createInflater(sink: InflaterSink) {
      let seen: Uint8Array = new Uint8Array(0);
      let delivered = 0;
      let done = false;
      let rest: Uint8Array | null = null; // after the stream's end, until the end is delivered
      return {
        write(bytes) {
          if (rest !== null) {
            rest = join(rest, bytes);
            return;
          }
          if (done) return;
          seen = join(seen, bytes);
          let out: Uint8Array;
          let ended = false;
          try {
            const r = inflateSync(seen, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
            out = r.buffer;
            rest = seen.slice(r.engine.bytesWritten);
            ended = true;
          } catch (err) {
            if ((err as { code?: string }).code !== "Z_BUF_ERROR") {
              done = true;
              wrap(() => sink.error(err as Error));
              return;
            }
            out = inflateSync(seen, { finishFlush: zc.Z_SYNC_FLUSH });
          }
          const fresh = out.slice(delivered);
          delivered = out.length;
          if (ended) done = true;
          wrap(() => {
            if (fresh.length > 0) sink.data(fresh);
            if (ended) sink.end(rest!);
          });
        },
        end() {
          if (done) return;
          done = true;
          wrap(() => sink.end(new Uint8Array(0)));
        },
        destroy() {
          done = true;
          rest = null;
        },
      };
    },
    createDeflater(sink: DeflaterSink) {
      let headerSent = false;
      let check = 1;
      let done = false;
      const block = (data: Uint8Array, final: boolean): Uint8Array => {
        const out = new Uint8Array((headerSent ? 0 : 2) + 5 + data.length + (final ? 4 : 0));
        let at = 0;
        if (!headerSent) {
          out[at++] = 0x78;
          out[at++] = 0x01;
          headerSent = true;
        }
        out[at++] = final ? 1 : 0; // BFINAL, BTYPE 00: stored
        out[at++] = data.length & 0xff;
        out[at++] = data.length >> 8;
        out[at++] = ~data.length & 0xff;
        out[at++] = (~data.length >> 8) & 0xff;
        out.set(data, at);
        at += data.length;
        check = adler32(data, check);
        if (final) for (let k = 3; k >= 0; k--) out[at++] = (check >>> (k * 8)) & 0xff;
        return out;
      };
      return {
        write(bytes) {
          if (done) return;
          for (let i = 0; i < bytes.length; i += 65535) {
            const part = block(bytes.subarray(i, Math.min(bytes.length, i + 65535)), false);
            wrap(() => sink.data(part));
          }
        },
        end() {
          if (done) return;
          done = true;
          const last = block(new Uint8Array(0), true);
          wrap(() => {
            sink.data(last);
            sink.end();
          });
        },
        destroy() {
          done = true;
        },
      };
    },
  };
}
