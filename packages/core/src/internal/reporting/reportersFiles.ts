import { randomBytes } from "node:crypto"
import { mkdir, rename, rm, writeFile } from "node:fs/promises"
import { dirname, isAbsolute, relative, resolve } from "node:path"
import * as Effect from "effect/Effect"
import type { ReporterFile } from "../../Reporter.ts"

/** Where a reporter's file goes: an absolute path as is, a relative one under the output directory (never outside it). */
export const targetPath = (outputDir: string, path: string): string => {
  if (isAbsolute(path)) return path
  const base = resolve(outputDir)
  const target = resolve(base, path)
  const rel = relative(base, target)
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new Error(`the file path "${path}" leaves the output directory ${base}`)
  }
  return target
}

/** Writes a temporary file next to the target, then renames it: readers never see half a report. */
export const writeAtomically = (outputDir: string, file: ReporterFile): Effect.Effect<string, Error> =>
  Effect.tryPromise({
    try: async () => {
      const target = targetPath(outputDir, file.path)
      await mkdir(dirname(target), { recursive: true })
      const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`
      try {
        await writeFile(temp, file.content)
        await rename(temp, target)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
      return target
    },
    catch: (error) => (error instanceof Error ? error : new Error(String(error)))
  })
