// Starts bench/lib/stubS3.mjs in its own process and waits for its port.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const stubScript = fileURLToPath(new URL("./stubS3.mjs", import.meta.url))

export const startStub = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [stubScript], { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const m = /listening (\d+)/.exec(out)
      if (m !== null) resolve({ endpoint: `http://127.0.0.1:${m[1]}`, stop: () => child.kill("SIGTERM") })
    })
    child.on("error", reject)
    child.on("exit", (code) => reject(new Error(`the stub exited (${code}) before listening`)))
  })
