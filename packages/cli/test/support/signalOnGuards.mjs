// Preloaded with `node --import` (NODE_OPTIONS) by Faults.test.ts: sends this process a SIGINT the
// moment the CLI's process guards start listening for it, that is while the CLI is still loading
// (the launcher installs them before it loads the bundle). Node delivers the signal once the
// loading, which is synchronous, yields.
const onListener = (event) => {
  if (event !== "SIGINT") return
  process.off("newListener", onListener)
  process.kill(process.pid, "SIGINT")
}
process.on("newListener", onListener)
