import { defineConfig } from "tsup";

export default defineConfig({
  // The library, and the two command-line tools (the bins are their ESM files).
  entry: { index: "src/index.ts", "client-cli": "src/cli/client-cli.ts", "server-cli": "src/cli/server-cli.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  sourcemap: true,
  target: "node20",
});
