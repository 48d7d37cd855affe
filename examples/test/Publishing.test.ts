/**
 * Publishing readiness of every published package (packages/*, plugins/*): what `npm pack` would
 * publish is clean (built code, its sources and maps, README, no tests, no maps of other packages,
 * no secrets), the `exports` map gives types for every entry, and the API report is current.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { basename, dirname, join, normalize } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

const root = fileURLToPath(new URL("../../", import.meta.url))
const packages = ["packages", "plugins"].flatMap((parent) =>
  ["core", "cli", "local-s3", "operations-http", "reporter-html", "reporter-json", "reporter-junit"]
    .map((name) => join(root, parent, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
)

interface PackFile {
  readonly path: string
}

const packList = (dir: string): ReadonlyArray<string> => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"]
  })
  return (JSON.parse(out) as Array<{ files: ReadonlyArray<PackFile> }>)[0]!.files.map((f) => f.path)
}

/** Secret values known to this machine (the test servers' keys) plus generic private-key markers. */
const secrets = [process.env.S3_SECRET_ACCESS_KEY, process.env.S3_ALT_SECRET_ACCESS_KEY].filter(
  (s): s is string => s !== undefined && s.length >= 8
)

describe("npm pack", () => {
  for (const dir of packages) {
    const name = `${basename(dirname(dir))}/${basename(dir)}`
    it.effect(`${name} publishes built code, its sources and README only`, () =>
      Effect.sync(() => {
        const files = packList(dir)
        const set = new Set(files)
        assert.include(files, "package.json")
        assert.include(files, "README.md")
        assert.include(files, "dist/index.js")
        assert.include(files, "dist/index.d.ts")
        for (const file of files) {
          assert.notMatch(file, /(^|\/)(test|tests|__tests__|fixtures)\//, `${name}: ${file} is a test file`)
          assert.notMatch(file, /\.(test|spec)\.[cm]?[jt]s$|\.test-d\.ts$/, `${name}: ${file} is a test file`)
          assert.notMatch(file, /\.tsbuildinfo$|(^|\/)\.env|\.pem$|\.key$|(^|\/)\.npmrc$|vitest\.config/, `${name}: ${file} should not be published`)
          const text = readFileSync(join(dir, file), "utf8")
          assert.notMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `${name}: ${file} holds a private key`)
          for (const secret of secrets) assert.isFalse(text.includes(secret), `${name}: ${file} holds a secret key`)
          if (file.endsWith(".map")) {
            const map = JSON.parse(text) as { readonly sources: ReadonlyArray<string> }
            for (const source of map.sources) {
              const target = normalize(join(dirname(file), source))
              assert.isFalse(target.startsWith(".."), `${name}: ${file} maps to ${source}, outside the package`)
              assert.isTrue(set.has(target), `${name}: ${file} maps to ${source}, which is not published`)
            }
          }
        }
      }))

    it.effect(`${name} has an exports map with types for every entry, and a license`, () =>
      Effect.sync(() => {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, any>
        assert.isString(pkg.license)
        assert.isString(pkg.version)
        assert.isArray(pkg.files)
        const main = pkg.exports?.["."]
        assert.isObject(main, `${name}: exports["."]`)
        assert.strictEqual(main.types, "./dist/index.d.ts")
        for (const [key, value] of Object.entries(pkg.exports as Record<string, unknown>)) {
          if (value === null || typeof value === "string") continue
          assert.isString((value as { types?: unknown }).types, `${name}: exports["${key}"] has no types`)
        }
      }))
  }
})

describe("the API report", () => {
  it.effect("is current for every package (npm run api-report regenerates it)", () =>
    Effect.sync(() => {
      const result = spawnSync(process.execPath, [join(root, "scripts", "api-report.mjs"), "--check"], { encoding: "utf8" })
      assert.strictEqual(result.status, 0, result.stdout + result.stderr)
    }), { timeout: 180_000 })
})
