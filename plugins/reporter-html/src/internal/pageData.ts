/**
 * The data the page embeds: the JSON report's document (one shape for both reports) plus what only
 * the page draws: each step's start time (the timeline), its trace and attempt log (the step's
 * detail), and the planned size of the run (the interrupted banner says how much of it ran).
 */
import type { Reporter, RunResult, Trace } from "@s3tester/core"
import { Document } from "@s3tester/reporter-json"

export interface PageStep extends Document.JsonStep {
  readonly startedAt?: string
  readonly trace?: Trace.Trace
  readonly attemptLog?: ReadonlyArray<RunResult.Attempt>
}

export type PageData = Omit<Document.JsonReport, "groups"> & {
  readonly title: string
  readonly planned?: { readonly groups: number; readonly steps: number }
  readonly groups: ReadonlyArray<Document.JsonReport["groups"][number] & { readonly steps: ReadonlyArray<PageStep> }>
}

const withEvidence = (step: Document.JsonStep, result: RunResult.StepResult | undefined): PageStep => ({
  ...step,
  ...(result?.startedAt === undefined ? {} : { startedAt: result.startedAt }),
  ...(result?.trace === undefined ? {} : { trace: result.trace }),
  ...(result?.attemptLog === undefined ? {} : { attemptLog: result.attemptLog })
})

/** The document's groups and steps are the collected run's, in the same order. */
export const make = (run: Reporter.CollectedRun, context: Reporter.ReporterContext, title: string): PageData => {
  const document = Document.make(run, context)
  return {
    ...document,
    title,
    ...(run.start === undefined ? {} : { planned: { groups: run.start.groups.length, steps: run.start.totalSteps } }),
    groups: document.groups.map((group, g) => ({
      ...group,
      steps: group.steps.map((step, s) => withEvidence(step, run.groups[g]?.steps[s]))
    }))
  }
}
