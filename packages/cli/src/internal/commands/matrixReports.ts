/**
 * The matrix side of `merge-reports`: finds the JSON reports in a directory and, when they come
 * from two or more targets, writes matrix.md, matrix.json and matrix.html (see the conformance
 * package's Matrix) and prints the area table.
 */
import * as Matrix from "@s3tester/conformance/Matrix"
import * as Blob from "@s3tester/core/Blob"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises"
import { join, relative, resolve } from "node:path"
import pc from "picocolors"
import { InvalidInput } from "../ExitCode.ts"

/** What a directory given to `merge-reports` holds. */
export interface ReportsDir {
  /** Whether it holds blob reports (`--reporter blob`). */
  readonly hasBlobs: boolean
  /** The JSON reports (documents with `run` and `groups`), by file, in file order. */
  readonly reports: ReadonlyArray<{ readonly file: string; readonly document: unknown }>
}

const stderr = (line: string) => void process.stderr.write(`${line}\n`)

const fail = (message: string) => Effect.fail(new InvalidInput({ message: pc.red(message) }))

const looksLikeReport = (document: unknown): boolean => {
  if (typeof document !== "object" || document === null) return false
  const { run, groups } = document as { run?: unknown; groups?: unknown }
  return typeof run === "object" && run !== null && Array.isArray(groups)
}

/** Reads every `.json` file under `dir` (recursively): blobs are noted, JSON reports kept. */
export const scanReports = (dir: string): Effect.Effect<ReportsDir, InvalidInput> =>
  Effect.gen(function*() {
    const entries = yield* Effect.tryPromise(() => readdir(dir, { recursive: true, withFileTypes: true })).pipe(
      Effect.catch((error) => fail(`cannot read ${dir}: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`))
    )
    const files = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
    let hasBlobs = false
    const reports: Array<{ file: string; document: unknown }> = []
    for (const file of files) {
      const text = yield* Effect.tryPromise(() => readFile(file, "utf8")).pipe(
        Effect.catch(() => fail(`cannot read ${file}`))
      )
      // The same test as Merge.readBlobs, so both agree on what a blob is.
      if (text.includes(`"format":"${Blob.format}"`)) {
        hasBlobs = true
        continue
      }
      let document: unknown
      try {
        document = JSON.parse(text)
      } catch {
        stderr(pc.yellow(`warning: ${file} is not valid JSON; left out`))
        continue
      }
      if (looksLikeReport(document)) reports.push({ file, document })
    }
    return { hasBlobs, reports }
  })

/** The name a report's target gets in the matrix (`run.target`, else its endpoint). */
const targetOf = (document: unknown): string => {
  const run = (document as { run: { target?: unknown; endpoint?: unknown } }).run
  return String(run.target ?? run.endpoint)
}

/** How many different targets the reports are of. */
export const targetCount = (dir: ReportsDir): number => new Set(dir.reports.map((r) => targetOf(r.document))).size

/**
 * Builds the matrix of the reports, writes its three files into `outputDir`, prints the area
 * table and the files. A report that is not a version 2 or 3 JSON report exits with 2.
 */
export const writeMatrix = (dir: ReportsDir, outputDir: string): Effect.Effect<void, InvalidInput> =>
  Effect.gen(function*() {
    const built = Matrix.fromReports(
      dir.reports.map((r) => r.document),
      dir.reports.map((r) => relative(process.cwd(), r.file) || r.file)
    )
    if (Result.isFailure(built)) return yield* fail(built.failure.message)
    const matrix = built.success
    const out = resolve(outputDir)
    const files: ReadonlyArray<readonly [string, string]> = [
      ["matrix.md", Matrix.markdown(matrix)],
      ["matrix.json", Matrix.json(matrix)],
      ["matrix.html", Matrix.html(matrix)]
    ]
    yield* Effect.tryPromise(async () => {
      await mkdir(out, { recursive: true })
      for (const [name, text] of files) await writeFile(join(out, name), text)
    }).pipe(
      Effect.catch((error) =>
        fail(`cannot write the matrix into ${out}: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`)
      )
    )
    const checks = matrix.checks.length
    process.stdout.write(
      `Matrix of ${dir.reports.length} JSON report(s): ${matrix.targets.length} targets, ${checks} check${checks === 1 ? "" : "s"}\n\n` +
        `${Matrix.markdownAreaTable(matrix)}\n`
    )
    for (const [name] of files) process.stdout.write(`${pc.dim(`report: ${join(out, name)}`)}\n`)
  })
