// The part of bun:test the transport runner uses, for the workspace typecheck (tsc has no Bun types).
declare module "bun:test" {
  export function test(name: string, fn: () => Promise<void>, timeout?: number): void;
}
