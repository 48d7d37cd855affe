import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { ReporterTesting } from "@s3tester/core"
import { Effect } from "effect"
import { shownIs, visibleRows, withPage, writeReport } from "./browser.ts"
import { hostile, richEvents } from "./fixtures.ts"

describe("html reporter in headless Chromium", () => {
  it.effect("one self-contained file: no request but the file, no console error, hostile names and traces stay text", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(richEvents({ regression: true }))
      const text = readFileSync(file, "utf8")
      for (const bad of ["<script>alert(1)</script>", hostile.header, hostile.responseHeader, "<svg onload", hostile.checkId, hostile.stepName]) {
        assert.notInclude(text, bad) // embedded escaped
      }
      assert.notMatch(text, /(src|href)=["']?https?:/) // nothing external in the markup
      assert.notMatch(text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/) // text only
      assert.strictEqual(text.match(/<\/script/gi)?.length, 2) // the data and the script, nothing closes them early
      const result = yield* withPage(file, 1400, async ({ page, url, watched }) => {
        // open every step that has a trace, and every collapsed part of it
        for (const key of await page.locator("tr.step-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")))) {
          await page.locator(`tr.step-row[data-key="${key}"] .step-open`).click()
          await page.locator(`tr.detail[data-key="${key}"]`).waitFor()
          await page.locator("tr.detail details:not([open]) > summary").evaluateAll((s) => s.forEach((x) => (x as HTMLElement).click()))
          const texts = await page.locator("tr.detail").innerText()
          if (key === "0.test.1") {
            for (const h of [hostile.header, hostile.responseHeader, hostile.bodyHead]) assert.include(texts, h)
          }
        }
        await page.reload()
        const evilGroup = await page.locator("tbody.group .group-name").filter({ hasText: "<script>alert(1)</script>" }).count()
        const evilCheck = await page.locator(".check-id").filter({ hasText: hostile.checkId }).count()
        const evilStep = await page.locator(".step-open").filter({ hasText: hostile.stepName }).count()
        const injected = await page.evaluate(() => ({
          scripts: document.scripts.length,
          elements: document.querySelectorAll("img, iframe, object, embed, b, i, [onerror], [onload], #injected").length,
          scriptLinks: document.querySelectorAll("a[href^='javascript:' i]").length
        }))
        return { watched, url, evilGroup, evilCheck, evilStep, injected }
      })
      assert.deepStrictEqual(result.watched.problems, [])
      assert.deepStrictEqual(result.watched.dialogs, []) // no hostile markup ran
      assert.deepStrictEqual([...new Set(result.watched.requests)], [result.url]) // the file itself, nothing else
      assert.deepStrictEqual(result.injected, { scripts: 2, elements: 0, scriptLinks: 0 })
      assert.strictEqual(result.evilGroup, 1) // shown as text
      assert.strictEqual(result.evilCheck, 1)
      assert.strictEqual(result.evilStep, 1)
    }))

  it.effect("tiles and filters filter the rows; filters, sort and the opened step survive a reload", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(ReporterTesting.sampleEvents())
      const result = yield* withPage(file, 1400, async ({ page, url, watched }) => {
        const counts = Object.fromEntries(
          await page.locator("[data-count]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-count"), e.querySelector(".n")?.textContent]))
        )
        const total = await visibleRows(page)
        await page.locator("button.tile.failed").click()
        const failedTile = { rows: await visibleRows(page), hash: new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get("outcome") }
        await page.locator("button.tile.failed").click() // again: every step
        const untoggled = await visibleRows(page)
        await page.locator("button.tile.flaky").click()
        const flakyRows = await page.locator("tr.step-row:visible .badge.flaky").count()
        await page.locator("button.tile.total").click()
        await page.selectOption("#f-tag", "xss")
        const xssOnly = await visibleRows(page)
        const groupsShown = await page.locator("tbody.group:visible").count()
        await page.selectOption("#f-tag", "")
        await page.selectOption("#f-op", "GetObject")
        const getOnly = await visibleRows(page)
        await page.selectOption("#f-op", "")
        await page.fill("#f-text", "tx000-req")
        await shownIs(page, "1 of 8 steps")
        const byText = await visibleRows(page)
        await page.fill("#f-text", "")
        await shownIs(page, "8 steps")
        // a view to keep: not-passed steps, sorted by time descending, one step opened
        await page.selectOption("#f-outcome", "not-passed")
        await page.locator("th[data-sort=time] button").click()
        await page.locator("th[data-sort=time] button").click()
        await page.locator("tr.step-row[data-outcome=failed] .step-open").click()
        const order = () => page.locator("tbody.group[data-group='1'] tr.step-row:visible").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")))
        const before = { order: await order(), hash: await page.evaluate(() => location.hash), rows: await visibleRows(page) }
        await page.reload()
        const after = {
          order: await order(),
          hash: await page.evaluate(() => location.hash),
          rows: await visibleRows(page),
          outcome: await page.locator("#f-outcome").inputValue(),
          sort: await page.locator("th[data-sort=time]").getAttribute("aria-sort"),
          opened: await page.locator("tr.detail").getAttribute("data-key"),
          pressed: await page.locator("[aria-pressed=true]").count()
        }
        // a shared link: a fresh load scrolls to the opened step, below the sticky header
        await page.goto("about:blank")
        await page.goto(url + after.hash)
        const link = {
          opened: await page.locator("tr.detail").getAttribute("data-key"),
          scrolled: await page.evaluate(() => scrollY),
          belowHeader: await page.locator("tr.step-row.open").evaluate((e) =>
            e.getBoundingClientRect().top >= (document.querySelector("#steps thead th")?.getBoundingClientRect().bottom ?? 0) - 1
          )
        }
        await page.locator("#f-clear").click()
        const cleared = { rows: await visibleRows(page), hash: await page.evaluate(() => location.hash) }
        // collapsing a group hides its steps
        await page.locator("tbody.group[data-group='0'] .group-toggle").click()
        const collapsed = await visibleRows(page)
        return { watched, counts, total, failedTile, untoggled, flakyRows, xssOnly, groupsShown, getOnly, byText, before, after, link, cleared, collapsed }
      }, 400) // short, so the opened step is scrolled to
      assert.deepStrictEqual(result.watched.problems, [])
      assert.deepInclude(result.counts, { total: "8", passed: "4", failed: "1", errored: "1", skipped: "1", unsupported: "1", flaky: "1" })
      assert.strictEqual(result.total, 8)
      assert.deepStrictEqual(result.failedTile, { rows: 1, hash: "failed" })
      assert.strictEqual(result.untoggled, 8)
      assert.strictEqual(result.flakyRows, 1)
      assert.strictEqual(result.xssOnly, 3)
      assert.strictEqual(result.groupsShown, 1) // the group without a matching step is hidden
      assert.strictEqual(result.getOnly, 2)
      assert.strictEqual(result.byText, 1)
      assert.strictEqual(result.before.rows, 4)
      assert.deepStrictEqual(result.before.order, ["1.test.2", "1.test.1", "1.test.0"]) // 26, 19, 12 ms
      assert.deepStrictEqual(result.after.order, result.before.order)
      assert.strictEqual(result.after.hash, result.before.hash)
      assert.include(result.after.hash, "open=0.test.1")
      assert.deepInclude(result.after, { rows: 4, outcome: "not-passed", sort: "descending", opened: "0.test.1", pressed: 0 })
      assert.deepInclude(result.link, { opened: "0.test.1", belowHeader: true })
      assert.isAbove(result.link.scrolled, 200)
      assert.deepStrictEqual(result.cleared, { rows: 8, hash: "#sort=time&dir=desc&open=0.test.1" })
      assert.strictEqual(result.collapsed, 3)
    }))

  it.effect("an empty run: a page that says so, without errors", () =>
    Effect.gen(function*() {
      const file = yield* writeReport(ReporterTesting.eventsOf([], {
        runId: "empty",
        endpoint: "http://127.0.0.1:7480",
        startedAt: "2026-11-24T05:00:00.000Z",
        durationMs: 3,
        groupDurationMs: 0
      }))
      const result = yield* withPage(file, 700, async ({ page, watched }) => ({
        watched,
        steps: await page.locator("#steps .empty").textContent(),
        timeline: await page.locator("#timeline .empty").textContent(),
        latency: await page.locator("#latency .empty").textContent(),
        shown: await page.locator("#shown").textContent()
      }))
      assert.deepStrictEqual(result.watched.problems, [])
      assert.deepInclude(result, { steps: "no steps in this run", latency: "no latency for the steps shown", shown: "0 steps" })
      assert.include(result.timeline, "no start times")
    }))
})
