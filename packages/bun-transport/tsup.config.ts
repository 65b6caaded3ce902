import { defineConfig } from "tsup";

export default defineConfig({
  // The build has its own tsconfig: Bun itself reads the root tsconfig.json, whose path alias runs @telnetkit/core from source.
  tsconfig: "tsconfig.build.json",
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
