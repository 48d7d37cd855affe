#!/usr/bin/env node
// Memory proof for large objects: a generated object (default 1 GiB) is uploaded with ONE PutObject
// (streamed, with its Content-Length) and read back with GetObject, its SHA-256 checked while it
// streams, through @s3tester/core's S3Clients (the data path `s3tester run` uses). The work runs in a
// child process, and the child's peak RSS (getrusage maxrss) is the figure.
//
//   set -a; eval "$(bash scripts/ceph-rgw-start.sh)"; set +a
//   npx turbo run build --filter=@s3tester/core && node bench/large-object.mjs [SIZE]   # SIZE: 1GiB (default), 256MiB...
//
// Prints one JSON line; exits 1 if the SHA-256 does not match or peak RSS >= 250 MB.
import { spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { fileURLToPath } from "node:url"

const LIMIT_MB = 250

if (process.argv[2] !== "--child") {
  const size = process.argv[2] ?? "1GiB"
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", size], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8"
  })
  const line = child.stdout.trim().split("\n").at(-1) ?? ""
  console.log(line)
  if (child.status !== 0) process.exit(child.status ?? 1)
  const result = JSON.parse(line)
  process.exit(result.shaMatches && result.peakRssMB < LIMIT_MB ? 0 : 1)
}

const { Body, Catalog, S3Clients, Suite, Target } = await import("@s3tester/core")
const { Effect, Layer, Schema } = await import("effect")

const env = process.env
if (!env.S3_ENDPOINT || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) {
  console.error("set S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (scripts/ceph-rgw-start.sh prints them)")
  process.exit(2)
}
const size = process.argv[3]
const generate = { size, seed: 2026 }
const bucket = `s3t-bodies-bench-${randomBytes(4).toString("hex")}`
const config = Schema.decodeUnknownSync(Suite.TargetConfig)({
  region: env.S3_REGION ?? "us-east-1",
  credentials: [{ name: "main", access_key: env.S3_ACCESS_KEY_ID, secret_key: env.S3_SECRET_ACCESS_KEY }]
})
const op = (name) => Catalog.lookup(Catalog.builtIn, name)
const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024)

const program = Effect.gen(function*() {
  const s3 = yield* S3Clients.S3Clients
  const send = (name, input) => s3.send("main", op(name), input, { timeoutMs: 600_000 })
  yield* send("CreateBucket", { Bucket: bucket })
  const baseline = rssMB()
  try {
    const t0 = Date.now()
    yield* send("PutObject", { Bucket: bucket, Key: "large.bin", Body: { generate } })
    const t1 = Date.now()
    const afterPut = rssMB()
    const got = yield* send("GetObject", { Bucket: bucket, Key: "large.bin" })
    const t2 = Date.now()
    const expected = Body.generate(generate)
    return {
      size,
      bytes: got.body.size,
      shaMatches: got.body.size === expected.size && got.body.sha256 === expected.sha256(),
      putSeconds: (t1 - t0) / 1000,
      getSeconds: (t2 - t1) / 1000,
      baselineRssMB: baseline,
      peakRssAfterPutMB: afterPut,
      peakRssMB: rssMB(),
      node: process.version
    }
  } finally {
    yield* Effect.ignore(send("DeleteObject", { Bucket: bucket, Key: "large.bin" }))
    yield* Effect.ignore(send("DeleteBucket", { Bucket: bucket }))
  }
})

const layer = S3Clients.S3Clients.layer(config).pipe(Layer.provide(Target.Target.fromEndpoint(env.S3_ENDPOINT)))
const result = await Effect.runPromise(Effect.provide(program, layer))
console.log(JSON.stringify(result))
