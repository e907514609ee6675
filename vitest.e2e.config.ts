import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/support/test-tools-setup.ts", "tests/support/global-setup.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    // Two files at a time: each has its own emulator, scratch folders and states (the plugin cache
    // is warmed once by the global setup), and a file's terraform runs wait on start-up, the
    // emulator and the disk as much as they compute, so two files keep a 2-core CI machine busy.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
