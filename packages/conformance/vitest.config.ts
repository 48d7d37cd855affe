import "../../scripts/vitest-node20.mjs"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    env: { NO_COLOR: "1" },
    projects: [
      { test: { name: "unit", include: ["test/*.test.ts"], testTimeout: 60_000 } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false
        }
      }
    ]
  }
})
