// Starts bench/lib/stubS3.mjs in its own process and waits for its port.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const stubScript = fileURLToPath(new URL("./stubS3.mjs", import.meta.url))

/** `onRequests(count, epochMs)`: the stub's counts (with `reportEvery`, see stubS3.mjs); `bodyBytes`: GET's body size. */
export const startStub = ({ reportEvery = 0, onRequests = () => {}, bodyBytes = 0 } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [stubScript], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, STUB_REPORT_EVERY: String(reportEvery), STUB_BODY_BYTES: String(bodyBytes) }
    })
    let out = ""
    let listening = false
    child.stdout.on("data", (chunk) => {
      out += chunk
      const lines = out.split("\n")
      out = lines.pop()
      for (const line of lines) {
        const port = /^listening (\d+)$/.exec(line)
        if (port !== null && !listening) {
          listening = true
          resolve({ endpoint: `http://127.0.0.1:${port[1]}`, stop: () => child.kill("SIGTERM") })
        }
        const count = /^requests (\d+) (\d+)$/.exec(line)
        if (count !== null) onRequests(Number(count[1]), Number(count[2]))
      }
    })
    child.on("error", reject)
    child.on("exit", (code) => reject(new Error(`the stub exited (${code}) before listening`)))
  })
