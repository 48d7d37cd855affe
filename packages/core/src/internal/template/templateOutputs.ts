/**
 * Load-time check of capture paths (`${{ steps.mpu.UploadId }}`) against the output shape of the
 * step's operation, read from the SDK's runtime schemas (see sdkSchema.ts): a misspelt field is a
 * config error with a did-you-mean rather than an `errored` step at run time. Operations whose output
 * is not declared (plugins, utilities) are not checked.
 *
 * @internal
 */
import type { ParameterInfo } from "../../Catalog.ts"
import { didYouMean } from "../loader/didYouMean.ts"
import { formatPath, type Segment } from "./templateParse.ts"

/** What a step's output looks like, when its operation declares it. */
export interface OutputShape {
  /** The operation's canonical name (`CreateMultipartUpload`). */
  readonly operation: string
  readonly members: ReadonlyArray<ParameterInfo>
}

const fieldList = (members: ReadonlyArray<ParameterInfo>): string => {
  const names = members.map((member) => member.name)
  return names.length <= 12 ? names.join(", ") : `${names.slice(0, 10).join(", ")} and ${names.length - 10} more`
}

const kindOf = (info: ParameterInfo): string => {
  switch (info.type) {
    case "structure":
      return "an object"
    case "list":
      return "a list"
    case "map":
      return "a map"
    case "timestamp":
      return "a date"
    case "blob":
      return "bytes"
    default:
      return `a ${info.type}`
  }
}

/**
 * Why `path` (the segments after `steps`, the step id first) does not exist in the output, or
 * undefined when it may. `written` is the template as written, for the message.
 */
export const outputPathProblem = (
  shape: OutputShape,
  path: ReadonlyArray<Segment>,
  written: string
): string | undefined => {
  let current: ParameterInfo = { name: shape.operation, type: "structure", required: true, members: shape.members }
  for (let i = 1; i < path.length; i++) {
    const segment = path[i]!
    const here = formatPath("steps", path.slice(0, i))
    switch (current.type) {
      case "structure": {
        const members = current.members ?? []
        if (typeof segment === "number") return `${written}: ${here} is an object, not a list`
        const member = members.find((m) => m.name === segment)
        if (member === undefined) {
          const suggestion = didYouMean(segment, members.map((m) => m.name))
          const of = i === 1 ? `${shape.operation}'s output` : here
          return `unknown field "${segment}" of ${of} in ${written}` +
            (suggestion !== undefined
              ? `; did you mean "${suggestion}"?`
              : members.length === 0
              ? "; it has no fields"
              : `; its fields: ${fieldList(members)}`)
        }
        if (member.type === "streaming-blob") {
          return `${written}: ${member.name} of ${shape.operation} is streamed and not kept in the step's output ` +
            "(check its content with expected_result.body)"
        }
        current = member
        break
      }
      case "list":
        if (typeof segment !== "number") return `${written}: ${here} is a list; index it, e.g. ${here}[0]`
        if (current.element === undefined) return undefined
        current = current.element
        break
      case "map":
        if (current.element === undefined) return undefined
        current = current.element
        break
      case "unknown":
        return undefined
      default:
        return `${written}: ${here} is ${kindOf(current)}; it has no ${
          typeof segment === "number" ? `item [${segment}]` : `field "${segment}"`
        }`
    }
  }
  return undefined
}
