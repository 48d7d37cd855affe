/**
 * Reads one suite file (top-level or included) with bounds: only a regular file (symlinks followed),
 * at most {@link maxFileBytes} bytes, so `include: /dev/zero` or a huge file cannot exhaust memory.
 * Failures are the reason in words, for a diagnostic at the place the file was named.
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import type { PlatformError } from "effect/PlatformError"

/**
 * The largest suite file the loader reads: 32 MiB. A generated suite of that size loads (about 2.6 GB
 * at peak, most of it the yaml package's document); much larger ones would exhaust Node's heap.
 */
export const maxFileBytes = 32 * 1024 * 1024

const chunkBytes = 1024 * 1024
const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`
const tooLarge = `larger than the ${mib(maxFileBytes)} limit of a suite file`

const kinds: Readonly<Record<string, string>> = {
  BlockDevice: "a block device",
  CharacterDevice: "a character device",
  FIFO: "a named pipe",
  Socket: "a socket",
  SymbolicLink: "a symbolic link",
  Unknown: "not a file"
}

/** Why a file could not be read, in words (never the platform's internal error text). */
export const readFailure = (error: PlatformError): string => {
  const reason = error.reason
  const code = (reason.cause as { readonly code?: unknown } | undefined)?.code
  if (reason._tag === "NotFound") return "no such file"
  if (reason._tag === "PermissionDenied") return "permission denied"
  if (code === "ELOOP") return "a loop of symbolic links"
  if (code === "EISDIR") return "it is a directory"
  if (code === "ENOTDIR") return "a part of the path is not a directory"
  if (code === "ENAMETOOLONG") return "the path is too long"
  return typeof code === "string" ? `error ${code}` : reason.description ?? reason._tag
}

/** The file's text (UTF-8), or why it cannot be used as a suite file. */
export const readSuiteFile = (file: string): Effect.Effect<string, string, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    // stat first: opening a named pipe would block, and a device has no end
    const info = yield* fs.stat(file)
    if (info.type === "Directory") return yield* Effect.fail("it is a directory")
    if (info.type !== "File") return yield* Effect.fail(`not a regular file (${kinds[info.type] ?? info.type})`)
    if (Number(info.size) > maxFileBytes) return yield* Effect.fail(tooLarge)
    // read at most one byte past the limit: the size may have changed, or be wrong (/proc files say 0)
    const handle = yield* fs.open(file, { flag: "r" })
    const chunks: Array<Uint8Array> = []
    let total = 0
    while (total <= maxFileBytes) {
      const chunk = yield* handle.readAlloc(Math.min(chunkBytes, maxFileBytes + 1 - total))
      if (Option.isNone(chunk)) break
      chunks.push(chunk.value)
      total += chunk.value.length
    }
    if (total > maxFileBytes) return yield* Effect.fail(tooLarge)
    return Buffer.concat(chunks, total).toString("utf8")
  }).pipe(
    Effect.scoped,
    Effect.catchTag("PlatformError", (error) => Effect.fail(readFailure(error)))
  )
