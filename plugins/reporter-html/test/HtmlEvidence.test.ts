import { assert, describe, it } from "@effect/vitest"
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { screenshotDir, visibleRows, withPage, writeReport } from "./browser.ts"
import { richEvents } from "./fixtures.ts"

describe("html reporter: evidence, charts, banners, layouts", () => {
  it.effect("a failed step opens to expected vs actual and its trace; a retried one to its attempts", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(richEvents())
      const result = yield* withPage(file, 1400, async ({ page, watched }) => {
        const closed = await page.locator("tr.detail").count()
        await page.locator("tr.step-row[data-outcome=failed]").click()
        const detail = page.locator("tr.detail")
        const failed = {
          expected: await detail.locator(".side.expected .value").textContent(),
          actual: await detail.locator(".side.actual .value").textContent(),
          requestId: await detail.locator(".request-id").textContent(),
          requestLine: await detail.locator(".request-line").textContent(),
          status: await detail.locator(".status").textContent(),
          responseHeaders: await detail.locator("details.headers-block[open] table.headers").innerText(),
          body: await detail.locator(".body .label").allTextContents(),
          redacted: await detail.locator("table.headers th", { hasText: "authorization" }).locator("xpath=../td").textContent()
        }
        // the retried step: the attempt log and both attempts, the last one open
        await page.locator("tr.step-row .badge.flaky").click()
        const flaky = {
          logRows: await page.locator("tr.detail table.attempts tbody tr").count(),
          attempts: await page.locator("tr.detail details.attempt > summary").allTextContents(),
          openAttempts: await page.locator("tr.detail details.attempt[open]").count(),
          statuses: await page.locator("tr.detail .status").allTextContents()
        }
        // the errored step: no response, the wire error
        await page.locator("tr.step-row[data-outcome=errored]").click()
        const errored = await page.locator("tr.detail .wire-error").textContent()
        // a step opened from the timeline scrolls to its row
        await page.locator("rect.tl-step.unsupported").click()
        const fromTimeline = await page.locator("tr.detail").getAttribute("data-key")
        const inView = await page.locator("tr.step-row.open").evaluate((e) => e.getBoundingClientRect().bottom <= innerHeight)
        const base64 = await page.locator("tr.detail pre.base64").count()
        return { watched, closed, failed, flaky, errored, fromTimeline, inView, base64 }
      })
      assert.deepStrictEqual(result.watched.problems, [])
      assert.strictEqual(result.closed, 0)
      assert.deepStrictEqual(result.failed.expected, "error NoSuchKey (HTTP 404)")
      assert.deepStrictEqual(result.failed.actual, "success (HTTP 200)")
      assert.strictEqual(result.failed.requestId, "tx000-req-failed")
      assert.strictEqual(result.failed.requestLine, "GET /s3t-html-bucket/%3Cscript%3Ealert%281%29%3C%2Fscript%3E?x-id=GetObject")
      assert.strictEqual(result.failed.status, "HTTP 200")
      assert.include(result.failed.responseHeaders, "x-amz-request-id\ttx000-req-failed")
      assert.include(result.failed.body.join("\n"), "response body · 2.0 KiB · sha256 d2a84f4b")
      assert.strictEqual(result.failed.redacted, "[redacted]")
      assert.strictEqual(result.flaky.logRows, 2)
      assert.strictEqual(result.flaky.attempts.length, 2)
      assert.match(result.flaky.attempts[0]!, /^attempt 1 of 2 · started 05:00:00\.\d{3} · 12 ms · SlowDown \(HTTP 503\)$/)
      assert.strictEqual(result.flaky.openAttempts, 1)
      assert.deepStrictEqual(result.flaky.statuses, ["HTTP 503", "HTTP 200"])
      assert.strictEqual(result.errored, "no response: connect ECONNREFUSED 127.0.0.1:7480")
      assert.strictEqual(result.fromTimeline, "1.test.0")
      assert.isTrue(result.inView)
      assert.strictEqual(result.base64, 1) // a binary request body head is labelled base64
    }))

  it.effect("latency: one chart per operation on one scale that follows the filters; the timeline packs groups into lanes", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(richEvents())
      const result = yield* withPage(file, 1400, async ({ page, watched }) => {
        const charts = async () => ({
          ops: await page.locator("#latency .lat-row[data-op]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-op"))),
          widths: [...new Set(await page.locator("#latency svg.lat").evaluateAll((s) => s.map((x) => x.getAttribute("width"))))],
          scaleMax: Number(await page.locator("#latency").getAttribute("data-scale-max")),
          dots: await page.locator("#latency svg.lat circle.dot").count()
        })
        const all = await charts()
        await page.selectOption("#f-op", "GetObject")
        const getOnly = await charts()
        const dimmed = await page.locator("#timeline rect.tl-step.dim").count()
        const timeline = {
          steps: await page.locator("#timeline rect.tl-step").count(),
          groups: await page.locator("#timeline g.tl-group").count(),
          height: Number(await page.locator("#timeline svg.timeline").getAttribute("height"))
        }
        await page.selectOption("#f-op", "PutObjectTagging")
        const taggingOnly = await charts()
        await page.selectOption("#f-op", "")
        await page.locator("#lat-log").check()
        await page.reload()
        const logScale = {
          scale: await page.locator("#latency").getAttribute("data-scale"),
          scaleMax: Number(await page.locator("#latency").getAttribute("data-scale-max")),
          checked: await page.locator("#lat-log").isChecked(),
          hash: await page.evaluate(() => location.hash)
        }
        return { watched, all, getOnly, taggingOnly, dimmed, timeline, logScale }
      })
      assert.deepStrictEqual(result.watched.problems, [])
      // 5 operations got an answer (errored and skipped steps have no latency); one width, one scale
      assert.deepStrictEqual(result.all.ops, ["CreateBucket", "DeleteBucket", "GetObject", "PutObject", "PutObjectTagging"])
      assert.strictEqual(result.all.widths.length, 1)
      assert.strictEqual(result.all.scaleMax, 30) // the slowest step with an answer took 26 ms
      assert.strictEqual(result.all.dots, 6)
      assert.deepStrictEqual(result.getOnly.ops, ["GetObject"])
      assert.strictEqual(result.getOnly.dots, 2)
      assert.strictEqual(result.getOnly.scaleMax, 30)
      assert.deepInclude(result.taggingOnly, { ops: ["PutObjectTagging"], scaleMax: 15, dots: 1 }) // 12 ms: the scale follows
      assert.deepStrictEqual(result.logScale, { scale: "log", scaleMax: 100, checked: true, hash: "#scale=log" }) // kept across a reload
      assert.strictEqual(result.dimmed, 5) // 7 timed steps, 2 of them GetObject
      assert.deepStrictEqual(result.timeline, { steps: 7, groups: 2, height: 72 }) // the groups overlap: 2 lanes of 36 px
    }))

  it.effect("banners for an interrupted run and a regression; check id, area and doc link; screenshots at 1400 and 700 px, dark and print", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(richEvents({ interrupted: true, regression: true }))
      mkdirSync(screenshotDir, { recursive: true })
      const shot = (name: string) => join(screenshotDir, name)
      const wide = yield* withPage(file, 1400, async ({ page, watched }) => {
        await page.locator("tr.step-row[data-outcome=failed]").click()
        await page.evaluate(() => window.scrollTo(0, 0)) // the sticky header at its place in a full-page shot
        await page.screenshot({ path: shot("report-1400.png"), fullPage: true })
        await page.emulateMedia({ colorScheme: "dark" })
        await page.screenshot({ path: shot("report-1400-dark.png"), fullPage: true })
        await page.emulateMedia({ media: "print", colorScheme: "light" })
        const printHidesFilters = await page.locator("#filters").isHidden()
        await page.screenshot({ path: shot("report-print.png"), fullPage: true })
        const group = page.locator("tbody.group[data-group='0'] .group-row")
        return {
          watched,
          printHidesFilters,
          interrupted: await page.locator("#interrupted").textContent(),
          baseline: await page.locator("#baseline").textContent(),
          checkId: await group.locator(".check-id").textContent(),
          area: await group.locator(".area").textContent(),
          doc: await group.locator("a.check-doc").getAttribute("href"),
          hostileDoc: await page.locator("tbody.group[data-group='1'] .group-row .check-doc").evaluate((e) => e.tagName)
        }
      })
      const narrow = yield* withPage(file, 700, async ({ page, watched }) => {
        await page.locator("tr.step-row[data-outcome=failed]").click()
        await page.evaluate(() => window.scrollTo(0, 0))
        await page.screenshot({ path: shot("report-700.png"), fullPage: true })
        return {
          watched,
          overflow: await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
          hiddenColumns: await page.locator("th.col-cred:visible, th.col-start:visible").count(),
          rows: await visibleRows(page)
        }
      })
      assert.deepStrictEqual(wide.watched.problems, [])
      assert.deepStrictEqual(narrow.watched.problems, [])
      assert.strictEqual(wide.interrupted, "Run interrupted after 2 of 3 groups (8 of 14 steps): the results below are partial.")
      assert.include(wide.baseline, "1 regression against baseline/report.json")
      assert.include(wide.baseline, "regression: objects/crud (passed → failed)")
      assert.strictEqual(wide.checkId, "objects/crud")
      assert.strictEqual(wide.area, "objects")
      assert.strictEqual(wide.doc, "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html")
      assert.strictEqual(wide.hostileDoc, "SPAN") // a javascript: doc is shown, never linked
      assert.isTrue(wide.printHidesFilters)
      assert.strictEqual(narrow.overflow, 0) // nothing wider than 700 px
      assert.strictEqual(narrow.hiddenColumns, 0)
      assert.strictEqual(narrow.rows, 8)
      for (const name of ["report-1400.png", "report-1400-dark.png", "report-print.png", "report-700.png"]) {
        assert.isAbove(readFileSync(shot(name)).length, 20_000, name)
      }
    }))
})
