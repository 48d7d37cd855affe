// A loopback stub of S3 for bench/engine-overhead.mjs, run in its own process so that its CPU is
// not the client's: every request succeeds at once (200, an ETag and a request id; GET returns a
// fixed 1 KiB body). It measures the client side, not a server.
//   node bench/lib/engineOverheadStub.mjs    prints `listening <port>` on stdout, runs until killed
import { createServer } from "node:http"

const body = Buffer.alloc(1024, "x")
let requests = 0

const server = createServer((req, res) => {
  requests++
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
