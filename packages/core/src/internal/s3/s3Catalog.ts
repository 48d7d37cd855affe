/**
 * The engine's and the S3 clients' only contact with the operation catalog: resolving an operation
 * name, its SDK command class and the conversion of step parameters to SDK input.
 */
import * as Catalog from "../../Catalog.ts"
import type { OperationInfo, SdkCommandClass } from "../../Catalog.ts"

/** The SDK command class of a built-in operation. Throws for an operation that has none (a plugin's). */
export const commandClass = (operation: OperationInfo): SdkCommandClass => {
  const found = Catalog.command(operation)
  if (found === undefined) throw new Error(`${operation.name} is not an @aws-sdk/client-s3 operation`)
  return found
}

/** Step parameters (PascalCase, templating resolved) to SDK input (timestamps as Dates...). */
export const toSdkInput = (operation: OperationInfo, parameters: Record<string, unknown>): Record<string, unknown> =>
  Catalog.toSdkInput(operation, parameters)
