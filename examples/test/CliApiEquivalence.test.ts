/**
 * The CLI and the code-first API give the same results for the same suite: one YAML suite run by
 * the built `s3tester` binary (a subprocess, recording its events with the blob reporter) and by
 * `Runner.runSuite`, against the embedded server and against Ceph RGW (S3_ENDPOINT; with CI=true
 * it must be set): same counts, same outcome for every step.
 */
import { assert, describe, it } from "@effect/vitest"
import { Blob, Runner, Target } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"
import { spawn } from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"


const suiteFile = fileURLToPath(new URL("./fixtures/equivalence.yaml", import.meta.url))
const timeoutFile = fileURLToPath(new URL("./fixtures/timeout.yaml", import.meta.url))
const cliBin = fileURLToPath(new URL("../../packages/cli/bin/s3tester.js", import.meta.url))

const ceph = process.env.S3_ENDPOINT
if (ceph === undefined && process.env.CI === "true") throw new Error("CI=true but S3_ENDPOINT is not set: start Ceph RGW first")

const env: Record<string, string> = {
  S3_REGION: process.env.S3_REGION ?? "us-east-1",
  S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID ?? "local",
  S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY ?? "local"
}

const cli = (args: ReadonlyArray<string>) =>
  Effect.callback<{ readonly code: number | null; readonly output: string }>((resume) => {
    const { CI: _ci, S3_ENDPOINT: _endpoint, ...inherited } = process.env
    const child = spawn(process.execPath, [cliBin, ...args], {
      env: { ...inherited, ...env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")))
    child.on("close", (code) => resume(Effect.succeed({ code, output })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

/** What must be equal: where the step is, what it ran, and its verdict. */
const shape = (s: RunResult.StepResult) =>
  JSON.stringify([s.group, s.phase, s.index, s.name, s.operation, s.credential, s.outcome, s.actual?.errorCode ?? null])

const compare = (endpoint: string | undefined) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "s3t-api-eq-"))
    const blobFile = join(dir, "cli-blob.json")
    const run = yield* cli(["run", suiteFile, "--reporter", `blob:${blobFile}`, ...(endpoint === undefined ? [] : ["--endpoint", endpoint])])
    assert.strictEqual(run.code, 1, run.output) // one step fails on purpose
    const events = Blob.decode(readFileSync(blobFile, "utf8")).events
    const cliSteps = events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
    const cliSummary = events.flatMap((e) => (e._tag === "RunFinished" ? [e.summary] : []))[0]

    const report = yield* Effect.promise(() =>
      Runner.runSuite(suiteFile, { env, ...(endpoint === undefined ? { target: LocalS3.layer } : { endpoint }) })
    )
    assert.isDefined(cliSummary)
    assert.deepStrictEqual(report.counts, cliSummary!.counts)
    assert.deepStrictEqual(report.steps.map(shape).sort(), cliSteps.map(shape).sort())
    assert.deepStrictEqual(
      report.groups.map((g) => [g.name, g.outcome]),
      cliSummary!.groups.map((g) => [g.name, g.outcome])
    )
    // the suite exercises several outcomes, so equal lists mean something
    assert.strictEqual(report.counts.failed, 2) // the wrong expectation and the failing set-up
    assert.isAbove(report.counts.skipped, 0)
    assert.isAbove(report.counts.passed, 8)
    assert.isFalse(report.success)
  })

describe("the CLI and Runner.runSuite", () => {
  it.effect("give the same results against the embedded server", () => compare(undefined))
  it.effect.runIf(ceph !== undefined)("give the same results against Ceph RGW", () => compare(ceph))
})

/** A loopback proxy to `upstream` that answers GETs of `slow.txt` only after `delayMs`. */
const slowProxy = (upstream: string, delayMs: number) =>
  Effect.acquireRelease(
    Effect.callback<Http.Server>((resume) => {
      const target = new URL(upstream)
      const server = Http.createServer((req, res) => {
        const forward = () => {
          const out = Http.request(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              answer.pipe(res)
            }
          )
          out.on("error", () => res.destroy())
          req.pipe(out)
        }
        if (req.method === "GET" && req.url?.split("?")[0]?.endsWith("/slow.txt") === true) setTimeout(forward, delayMs)
        else forward()
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) => Effect.callback<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))

/** Every step's outcome by name. */
const outcomes = (steps: ReadonlyArray<RunResult.StepResult>) =>
  Object.fromEntries(steps.map((s) => [s.name, s.outcome]))

describe("the timeout override", () => {
  it.effect("--timeout and timeoutMs give the same step timeouts: both replace config.timeout, a step's own is kept", () =>
    Effect.gen(function*() {
      const embedded = yield* Target.Target
      // GetObject answers after 1.5s: over the override (500ms), under config.timeout (20s) and the step's own (10s).
      const proxy = { endpoint: yield* slowProxy(embedded.endpoint, 1_500) }
      const dir = mkdtempSync(join(tmpdir(), "s3t-timeout-"))
      const blobFile = join(dir, "cli-blob.json")
      const run = yield* cli(["run", timeoutFile, "--endpoint", proxy.endpoint, "--timeout", "500ms", "--reporter", `blob:${blobFile}`])
      const cliSteps = Blob.decode(readFileSync(blobFile, "utf8")).events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
      const report = yield* Effect.promise(() => Runner.runSuite(timeoutFile, { endpoint: proxy.endpoint, timeoutMs: 500 }))
      const expected: Record<string, RunResult.Outcome> = {
        CreateBucket: "passed",
        PutObject: "passed",
        "under the override": "errored",
        "with its own timeout": "passed",
        DeleteObject: "passed",
        DeleteBucket: "passed"
      }
      assert.deepStrictEqual(outcomes(cliSteps), expected, run.output)
      assert.deepStrictEqual(outcomes(report.steps), expected)
      const timedOut = (steps: ReadonlyArray<RunResult.StepResult>) => steps.find((s) => s.name === "under the override")?.message ?? ""
      assert.match(timedOut(cliSteps), /500ms/)
      assert.strictEqual(timedOut(report.steps), timedOut(cliSteps))
      // without an override, config.timeout (20s) applies: the slow read passes
      const plain = yield* Effect.promise(() => Runner.runSuite(timeoutFile, { endpoint: proxy.endpoint }))
      assert.strictEqual(outcomes(plain.steps)["under the override"], "passed")
    }).pipe(Effect.provide(LocalS3.layer)))
})
