import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Loader from "../src/Loader.ts"
import { failure, places } from "./support/loaderFixtures.ts"


const suiteHead = `config:
  credentials:
    - { name: main, access_key: a, secret_key: s3cr3t-value }
`
const suiteTail = `test_cases:
  groups:
    - name: g
      test:
        - operation: ListBuckets
`

/** A fresh directory under the system temp dir, removed when the test's scope closes. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "s3tester-loader-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

/** Runs `effect` and returns how long it took, in milliseconds. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<[A, number], E, R> =>
  Effect.gen(function*() {
    const started = performance.now()
    const result = yield* effect
    return [result, performance.now() - started]
  })

layer(NodeServices.layer)("Loader: hostile and large input", (it) => {
  describe("files that are not suite files", () => {
    it.effect("refuses an include that is not a regular file (a device, a symlink to one), at the include", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        fs.symlinkSync("/dev/urandom", path.join(dir, "random.yaml"))
        const main = path.join(dir, "main.yaml")
        fs.writeFileSync(main, `${suiteHead}include:\n  - /dev/zero\n  - random.yaml\n${suiteTail}`)
        const error = yield* failure(Loader.load(main, { env: {} }))
        assert.deepStrictEqual(places(error), [
          [main, 5, 5, `cannot read included file "/dev/zero" (/dev/zero): not a regular file (a character device)`],
          [
            main,
            6,
            5,
            `cannot read included file "random.yaml" (${path.join(dir, "random.yaml")}): not a regular file (a character device)`
          ]
        ])
      }).pipe(Effect.scoped))

    it.effect("refuses a top-level file that is not a regular file, at its first line", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load("/dev/zero", { env: {} }))
        assert.deepStrictEqual(places(error), [
          ["/dev/zero", 1, 1, "cannot read /dev/zero: not a regular file (a character device)"]
        ])
      }))

    it.effect("refuses an included or top-level file larger than the size limit, before reading it", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const big = path.join(dir, "big.yaml")
        fs.writeFileSync(big, "")
        fs.truncateSync(big, Loader.maxFileBytes + 1) // sparse: takes no disk space
        const main = path.join(dir, "main.yaml")
        fs.writeFileSync(main, `${suiteHead}include: big.yaml\n${suiteTail}`)
        const limit = `larger than the ${Loader.maxFileBytes / 1024 / 1024} MiB limit of a suite file`
        const included = yield* failure(Loader.load(main, { env: {} }))
        assert.deepStrictEqual(places(included), [[main, 4, 10, `cannot read included file "big.yaml" (${big}): ${limit}`]])
        const top = yield* failure(Loader.load(big, { env: {} }))
        assert.deepStrictEqual(places(top), [[big, 1, 1, `cannot read ${big}: ${limit}`]])
      }).pipe(Effect.scoped))

    it.effect("says why an include cannot be read (directory, missing, symlink loop), at the include", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        fs.mkdirSync(path.join(dir, "adir"))
        fs.symlinkSync("loop-b.yaml", path.join(dir, "loop-a.yaml"))
        fs.symlinkSync("loop-a.yaml", path.join(dir, "loop-b.yaml"))
        const main = path.join(dir, "main.yaml")
        fs.writeFileSync(main, `${suiteHead}include: [adir, nope.yaml, loop-a.yaml]\n${suiteTail}`)
        const error = yield* failure(Loader.load(main, { env: {} }))
        const file = (name: string) => path.join(dir, name)
        assert.deepStrictEqual(places(error), [
          [main, 4, 11, `cannot read included file "adir" (${file("adir")}): it is a directory`],
          [main, 4, 17, `cannot read included file "nope.yaml" (${file("nope.yaml")}): no such file`],
          [main, 4, 28, `cannot read included file "loop-a.yaml" (${file("loop-a.yaml")}): a loop of symbolic links`]
        ])
        const top = yield* failure(Loader.load(file("adir"), { env: {} }))
        assert.deepStrictEqual(places(top), [[file("adir"), 1, 1, `cannot read ${file("adir")}: it is a directory`]])
        assert.notInclude(top.message, "BadResource")
      }).pipe(Effect.scoped))
  })

  describe("size and aliases", () => {
    it.effect("loads a suite with more plain values than the alias limit (only aliases count)", () =>
      Effect.gen(function*() {
        const values = Array.from({ length: 250_000 }, (_, i) => i % 10).join(",")
        const loaded = yield* Loader.loadString(
          `${suiteHead}vars:\n  many: [${values}]\n${suiteTail}`,
          "plain.yaml",
          { env: {} }
        )
        assert.strictEqual((loaded.suite.vars?.["many"] as ReadonlyArray<number>).length, 250_000)
      }))

    it.effect("refuses an alias bomb of under 2 KB in well under a second", () =>
      Effect.gen(function*() {
        // Many nodes before the aliases: resolving an alias by walking the document made this take seconds.
        const padding = `x-padding: [${Array.from({ length: 600 }, (_, i) => i % 10).join(",")}]\n`
        const levels = ["b", "c", "d", "e", "f", "g", "h"].map((name, i) =>
          `x-${name}: &${name} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`
        )
        const text = `${padding}x-s: &s lol\nx-a: &a [${Array(10).fill("*s").join(", ")}]\n${levels.join("\n")}\n` +
          `${suiteHead}vars:\n  v: *h\n${suiteTail}`
        assert.isBelow(text.length, 2048)
        const [error, elapsed] = yield* timed(failure(Loader.loadString(text, "bomb.yaml", { env: {} })))
        assert.strictEqual(error.diagnostics.length, 1)
        assert.match(error.diagnostics[0]!.message, /^the document expands to more than 200000 values through aliases/)
        assert.isBelow(elapsed, 1000)
      }))

    it.effect("still reports a duplicate key in a large mapping, and validates 40,000 vars in linear time", () =>
      Effect.gen(function*() {
        const vars = Array.from({ length: 40_000 }, (_, i) => `  v${i}: value-${i}\n`).join("")
        const [loaded, elapsed] = yield* timed(
          Loader.loadString(`${suiteHead}vars:\n${vars}${suiteTail}`, "vars.yaml", { env: {} })
        )
        assert.strictEqual(Object.keys(loaded.suite.vars ?? {}).length, 40_000)
        // the quadratic duplicate-key check took 15-30 s here; the linear one ~1 s (2.5 s on a loaded machine)
        assert.isBelow(elapsed, 8000)
        const duplicate = yield* failure(
          Loader.loadString(`${suiteHead}vars:\n${vars}  v7: again\n${suiteTail}`, "dup.yaml", { env: {} })
        )
        assert.deepStrictEqual(places(duplicate), [
          ["dup.yaml", 40_005, 3, "duplicate key: each key may appear only once in a mapping"]
        ])
      }))
  })

  describe("syntax errors", () => {
    it.effect("cut the tokens they quote, so a secret written there does not show", () =>
      Effect.gen(function*() {
        const secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
        const error = yield* failure(Loader.loadString(
          `${suiteHead}vars:\n  key: [x]] ${secret}\n  other: [x]] "${secret}"\n`,
          "syntax.yaml",
          { env: {} }
        ))
        assert.isAbove(error.diagnostics.length, 0)
        assert.notInclude(error.message, secret.slice(0, 12))
        assert.include(error.message, `Unexpected scalar token in YAML stream: "${secret.slice(0, 4)}...`)
      }))
  })
})
