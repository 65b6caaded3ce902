/** One pair of the interop matrix, as packages/node-transport/test/interop-record.ts writes it. */
export interface InteropPair {
  peer: string;
  package: string;
  version: string;
  peerRole: "client" | "server";
  variant?: string;
  ours: string;
  worked: boolean;
  error?: string;
  settled: boolean;
  options: { local: string[]; remote: string[] };
  sent: { ours: string[]; peer: string[] };
  refused: { byUs: string[]; byPeer: string[] };
  unanswered: { ours: string[]; peer: string[] };
  values: string[];
  warnings: string[];
  notes?: string[];
  seconds: number;
}

/** The results file. */
export interface InteropResults {
  generated: string;
  platform: string;
  pairs: InteropPair[];
}

export const RESULTS: string;
export const MARKDOWN: string;
export function resultText(pair: InteropPair): string;
export function row(pair: InteropPair): string;
export function render(results: InteropResults): string;
