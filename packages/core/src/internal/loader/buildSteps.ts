/**
 * How `Build.step` turns its arguments into a step as YAML would write it, and remembers the inline
 * operation a step runs (so `Build.suite` can collect them).
 */
import type { StepOptions } from "../../Build.ts"
import type * as Plugin from "../../Plugin.ts"

/** The inline operation each step made by `step(operation, ...)` runs, collected by `suite`. */
const inlineOperations = new WeakMap<object, Plugin.Operation<any>>()

/** The inline operation a built step runs, if it was made with one. */
export const inlineOperationOf = (step: object): Plugin.Operation<any> | undefined => inlineOperations.get(step)

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")

/** Parameters as YAML would write them: bytes as `{ base64 }`, dates as ISO strings, no undefined. */
const plainParameters = (parameters: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined) continue
    out[key] = value instanceof Uint8Array
      ? { base64: toBase64(value) }
      : value instanceof Date
      ? value.toISOString()
      : value
  }
  return out
}

/** A step's document (the caller gives it its `BuiltStep` type). */
export const stepOf = (
  operation: string,
  parameters: object,
  options: StepOptions | undefined,
  inline: Plugin.Operation<any> | undefined
): Record<string, unknown> => {
  const built: Record<string, unknown> = { operation, parameters: plainParameters(parameters) }
  if (options?.id !== undefined) built.id = options.id
  if (options?.name !== undefined) built.name = options.name
  if (options?.credential !== undefined) built.credential = options.credential
  if (options?.timeout !== undefined) built.timeout = options.timeout
  if (options?.retries !== undefined) built.retries = options.retries
  if (options?.expect !== undefined) built.expected_result = options.expect
  if (inline !== undefined) inlineOperations.set(built, inline)
  return built
}
