// A loopback stub of S3 in its own process, answering at once: every request succeeds (200, an
// ETag and a request id; GET returns a fixed body, STUB_BODY_BYTES long, else a short line). It
// measures the client, not a server.
//   node bench/lib/stubS3.mjs        prints `listening <port>` on stdout, runs until killed
// With STUB_REPORT_EVERY=n it also prints `requests <count> <epoch ms>` at the first request and after
// every n (bench/scale.mjs follows a run with them).
import { createServer } from "node:http"

const bodyBytes = Number(process.env.STUB_BODY_BYTES ?? 0)
const body = bodyBytes > 0 ? Buffer.alloc(bodyBytes, "x") : Buffer.from("hello from the stub\n")
let requests = 0

const reportEvery = Number(process.env.STUB_REPORT_EVERY ?? 0)

const server = createServer((req, res) => {
  requests++
  if (reportEvery > 0 && (requests === 1 || requests % reportEvery === 0)) process.stdout.write(`requests ${requests} ${Date.now()}\n`)
  req.on("data", () => {})
  req.on("end", () => {
    const headers = {
      "x-amz-request-id": `stub-${requests}`,
      ETag: '"0123456789abcdef0123456789abcdef"',
      "Content-Type": req.method === "GET" ? "application/octet-stream" : "application/xml"
    }
    if (req.method === "GET") {
      res.writeHead(200, { ...headers, "Content-Length": body.length, "Last-Modified": new Date(0).toUTCString() })
      res.end(body)
    } else {
      res.writeHead(200, { ...headers, "Content-Length": 0 })
      res.end()
    }
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${server.address().port}\n`))
process.on("SIGTERM", () => server.close(() => process.exit(0)))
