import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Reporters } from "@s3tester/core"
import { Effect } from "effect"
import { chromium } from "playwright-core"
import html from "../src/index.ts"
import { ReporterTesting } from "@s3tester/core"

const { context, sampleEvents } = ReporterTesting

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

export const screenshotDir = process.env.S3TESTER_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "s3t-reports-shot-"))

describe("html reporter in headless Chromium", () => {
  it.effect("one self-contained page: loads without console errors or requests, escapes, filters, opens failures, charts", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-reports-html-"))
      yield* Reporters.replay(sampleEvents(), [html.make({}, context)], { outputDir: dir })
      const file = join(dir, "report.html")
      const text = readFileSync(file, "utf8")
      assert.notInclude(text, "<script>alert(1)</script>") // the data is embedded escaped
      assert.notMatch(text, /(src|href)=["']?https?:/) // nothing external
      const result = yield* Effect.acquireUseRelease(
        Effect.promise(() => chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs })),
        (browser) =>
          Effect.promise(async () => {
            const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
            const problems: Array<string> = []
            const requests: Array<string> = []
            let dialogs = 0
            page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())))
            page.on("pageerror", (e) => void problems.push(e.message))
            page.on("request", (r) => void (r.url().startsWith("file:") || requests.push(r.url())))
            page.on("dialog", (d) => {
              dialogs++
              void d.dismiss()
            })
            await page.goto(pathToFileURL(file).href)
            const rows = () => page.locator("tr.step-row:not([hidden])").count()
            const total = await rows()
            const tiles = Object.fromEntries(
              await page.locator("[data-count]").evaluateAll((els) =>
                els.map((e) => [e.getAttribute("data-count"), e.querySelector(".n")?.textContent])
              )
            )
            const evilCell = await page.locator("tr.step-row td").filter({ hasText: "<script>alert(1)</script>" }).count()
            const openFailures = await page.locator("tr[data-outcome=failed] details[open] .request-id").allTextContents()
            const charts = await page.locator("#charts svg rect").count()
            await page.selectOption("#f-outcome", "failed")
            const failedOnly = await rows()
            await page.selectOption("#f-outcome", "")
            await page.selectOption("#f-tag", "xss")
            const xssOnly = await rows()
            await page.selectOption("#f-tag", "")
            await page.selectOption("#f-op", "GetObject")
            const getOnly = await rows()
            await page.selectOption("#f-op", "")
            await page.fill("#f-text", "tx000-req")
            const byText = await rows()
            const shown = await page.locator("#shown").textContent()
            await page.fill("#f-text", "")
            const shot = join(screenshotDir, "report.png")
            await page.screenshot({ path: shot, fullPage: true })
            return { problems, requests, dialogs, total, tiles, evilCell, openFailures, charts, failedOnly, xssOnly, getOnly, byText, shown, shot }
          }),
        (browser) => Effect.promise(() => browser.close())
      )
      assert.deepStrictEqual(result.problems, [])
      assert.deepStrictEqual(result.requests, [])
      assert.strictEqual(result.dialogs, 0) // the hostile name did not run
      assert.strictEqual(result.total, 8)
      assert.deepInclude(result.tiles, { total: "8", passed: "4", failed: "1", errored: "1", skipped: "1", unsupported: "1", flaky: "1" })
      assert.isAtLeast(result.evilCell, 1) // shown as text
      assert.deepStrictEqual(result.openFailures, ["tx000-req-failed"])
      assert.strictEqual(result.charts, 6 * 5) // 5 operations with latency (errored/skipped steps have none), 6 bars each
      assert.strictEqual(result.failedOnly, 1)
      assert.strictEqual(result.xssOnly, 3)
      assert.strictEqual(result.getOnly, 2)
      assert.strictEqual(result.byText, 1)
      assert.strictEqual(result.shown, "1 of 8 steps")
      assert.isAbove(readFileSync(result.shot).length, 10_000)
    }))
})
