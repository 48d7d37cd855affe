/**
 * The built-in operations: every `XxxCommand` class `@aws-sdk/client-s3` exports, with parameters
 * and outputs read lazily from the Smithy schema the command carries.
 *
 * @internal
 */
import * as S3 from "@aws-sdk/client-s3"
import type { Catalog, OperationInfo, ParameterInfo, SdkCommandClass } from "../../Catalog.ts"
import * as sdkSchema from "./sdkSchema.ts"

/** `source` of the operations that come from `@aws-sdk/client-s3` (re-exported as `Catalog.BUILT_IN`). */
export const BUILT_IN = "built-in"

/** The command class of each built-in operation, by canonical name. */
export const commandClasses = new Map<string, SdkCommandClass>()

export class BuiltInOperation implements OperationInfo {
  readonly name: string
  readonly kebabName: string
  readonly source = BUILT_IN
  #schema: ReadonlyArray<unknown> | undefined
  #parameters: ReadonlyArray<ParameterInfo> | undefined
  #outputs: ReadonlyArray<ParameterInfo> | undefined
  constructor(name: string) {
    this.name = name
    this.kebabName = sdkSchema.kebabCase(name)
  }
  schema(): ReadonlyArray<unknown> {
    if (this.#schema === undefined) {
      const Command = commandClasses.get(this.name)!
      this.#schema = sdkSchema.operationSchema(this.name, new Command({}).schema)
    }
    return this.#schema
  }
  get parameters(): ReadonlyArray<ParameterInfo> {
    return this.#parameters ??= sdkSchema.operationMembers(this.schema(), 4)
  }
  get outputs(): ReadonlyArray<ParameterInfo> {
    return this.#outputs ??= sdkSchema.operationMembers(this.schema(), 5)
  }
}

const COMMAND_EXPORT = /^([A-Z][A-Za-z0-9]*)Command$/

/** Every command of the SDK as an operation, sorted by name; fills `commandClasses`. */
export const loadBuiltIn = (): Catalog => {
  const operations = new Map<string, OperationInfo>()
  for (const [key, value] of Object.entries(S3 as unknown as Record<string, unknown>)) {
    const match = COMMAND_EXPORT.exec(key)
    if (match === null || typeof value !== "function") continue
    const name = match[1]!
    commandClasses.set(name, value as SdkCommandClass)
    operations.set(name, new BuiltInOperation(name))
  }
  return { operations: new Map([...operations].sort(([a], [b]) => a.localeCompare(b))) }
}
