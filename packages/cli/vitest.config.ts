import "../../scripts/vitest-node20.mjs"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // Tests compare plain text, whatever FORCE_COLOR the environment sets (colour has its own test).
    env: { NO_COLOR: "1" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/*.test.ts"],
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Ceph RGW and Swift s3api: used from the environment when .ci/run started them, else started here.
          globalSetup: ["test/integration/servers.globalSetup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Every file talks to the same server; one at a time keeps timings honest on 2 cores.
          fileParallelism: false
        }
      }
    ]
  }
})
