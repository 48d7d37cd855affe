/**
 * Test support: writes a report from recorded events and opens it in Debian's headless Chromium
 * (through playwright-core), watching for console errors, page errors, dialogs and requests.
 * A missing Chromium fails the test (scripts/ensure-test-deps.sh installs it); it is never skipped.
 */
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { ReporterTesting, Reporters, type RunEvent } from "@s3tester/core"
import { Effect } from "effect"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import html from "../src/index.ts"

export const chromiumPath = "/usr/bin/chromium"

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** Where the screenshots go: test/screenshots/ (gitignored), or S3TESTER_SCREENSHOT_DIR. */
export const screenshotDir = process.env["S3TESTER_SCREENSHOT_DIR"] ?? fileURLToPath(new URL("screenshots", import.meta.url))

/** The report of these events, written by the reporter itself; its path. */
export const writeReport = (events: ReadonlyArray<RunEvent.RunEvent>) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "s3t-html-"))
    yield* Reporters.replay(events, [html.make({}, ReporterTesting.context)], { outputDir: dir })
    return join(dir, "report.html")
  })

/** What the page did that it must not: console errors, uncaught errors, dialogs, requests. */
export interface Watched {
  readonly problems: Array<string>
  readonly requests: Array<string>
  readonly dialogs: Array<string>
}

export interface Session {
  readonly page: Page
  readonly url: string
  readonly watched: Watched
}

/** Opens the file in a fresh Chromium profile, runs `use`, and closes the browser whatever happens. */
export const withPage = <A>(file: string, width: number, use: (session: Session) => Promise<A>, height = 900) =>
  Effect.acquireUseRelease(
    Effect.promise((): Promise<BrowserContext> => {
      if (!existsSync(chromiumPath)) {
        return Promise.reject(new Error(`${chromiumPath} is missing: install Debian's chromium (bash scripts/ensure-test-deps.sh)`))
      }
      return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "s3t-chromium-profile-")), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        viewport: { width, height }
      })
    }),
    (browser) =>
      Effect.promise(async () => {
        const page = browser.pages()[0] ?? (await browser.newPage())
        const watched: Watched = { problems: [], requests: [], dialogs: [] }
        page.on("console", (m) => void (m.type() === "error" && watched.problems.push(m.text())))
        page.on("pageerror", (e) => void watched.problems.push(e.message))
        page.on("request", (r) => void watched.requests.push(r.url().replace(/#.*$/, "")))
        page.on("dialog", (d) => {
          watched.dialogs.push(d.message())
          void d.dismiss()
        })
        const url = pathToFileURL(file).href
        await page.goto(url)
        return use({ page, url, watched })
      }),
    (browser) => Effect.promise(() => browser.close())
  )

/** The step rows the page shows. */
export const visibleRows = (page: Page) => page.locator("tr.step-row:visible").count()

/** Waits until the count line reads `text` (the text filter applies after a short pause). */
export const shownIs = (page: Page, text: string) =>
  page.waitForFunction((t) => document.getElementById("shown")?.textContent === t, text, { timeout: 5000 })
