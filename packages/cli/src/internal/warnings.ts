/**
 * The AWS SDK prints a ten-line NodeVersionSupportWarning on every run under Node 20. It is about
 * the SDK's future releases, not this run, and it drowns the output; the README states the Node
 * versions we support. Every other process warning is still printed.
 */
export const quietSdkNodeVersionWarning = (): void => {
  const listeners = process.listeners("warning")
  process.removeAllListeners("warning")
  process.on("warning", (warning) => {
    // Emitted as a plain "Warning" whose message starts with the name, or with the name as its type.
    if (warning.name === "NodeVersionSupportWarning" || warning.message.startsWith("NodeVersionSupportWarning")) return
    for (const listener of listeners) listener(warning)
  })
}
