import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Loader from "../src/Loader.ts"

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "bodies")

layer(NodeServices.layer)("Loader: bodies and client options", (it) => {
  describe("file:// bodies and ca_bundle", () => {
    it.effect("are made absolute, relative to the file that names them (included files too)", () =>
      Effect.gen(function*() {
        const loaded = yield* Loader.load(path.relative(process.cwd(), path.join(fixtures, "suite.yaml")), { env: {} })
        const groups = loaded.suite.test_cases.groups
        const byName = new Map(groups.map((g) => [g.name, g]))
        assert.strictEqual(byName.get("from-include")!.test[0]!.parameters["Body"], `file://${fixtures}/sub/data.bin`)
        const top = byName.get("top")!.test
        assert.strictEqual(top[0]!.parameters["Body"], `file://${fixtures}/top.bin`)
        assert.deepStrictEqual(top[1]!.parameters["Body"], { generate: { size: "5GiB", seed: 3 } })
        // a template is left for the run
        assert.strictEqual(top[2]!.parameters["Body"], "file://${{ vars.dir }}/x.bin")
        assert.deepStrictEqual(top[3]!.expected_result.body, { size: 10, sha256: { generate: { size: 10, seed: 3 } } })
        assert.strictEqual(loaded.suite.config.ca_bundle, `${fixtures}/sub/ca.pem`)
      }))
  })

  describe("mistakes", () => {
    it.effect("are reported at their place before anything runs", () =>
      Effect.gen(function*() {
        const file = path.join(fixtures, "bad.yaml")
        const error = yield* Effect.flip(Loader.load(file, { env: {} }))
        const lines = error.diagnostics.map((d) => `${d.position?.line}:${d.position?.column}: ${d.message}`)
        const has = (pattern: RegExp) =>
          assert.isTrue(lines.some((line) => pattern.test(line)), `no diagnostic ${pattern} in:\n${lines.join("\n")}`)
        has(/^2:3: addressing: virtual contradicts path_style: true \(.*bad\.yaml:3:15\); set only one of them$/)
        has(/^4:14: cannot read ca_bundle .*missing-ca\.pem: no such file$/)
        has(/^12:44: Body: cannot read the body file .*bodies\/missing\.bin: no such file$/)
        has(/^17:13: Body: generate\.size: expected a size such as 1024, 64KiB, 5GiB, got "lots"$/)
        has(/^19:44: Body: a body is a string, file:\/\/path, \{ base64: \.\.\. \} or \{ generate: \{ size, seed \} \}, got a mapping with keys bas64$/)
        has(/^27:29: expected a SHA-256 as 64 hexadecimal digits \(or \{ generate: \{ size, seed \} \}\), got string "nothex"$/)
        has(/^23:37: unknown key "colour"/)
      }))
  })
})
