/**
 * The operation catalog: every command of `@aws-sdk/client-s3`, plus operations contributed by
 * plugins, with their parameters as the SDK's own runtime schemas describe them.
 *
 * CONTRACT (implementation in progress): the types below are what the loader and the engine use.
 *
 * @since 0.1.0
 */

/**
 * The shape of a parameter's value, from the SDK's schema.
 *
 * @category models
 * @since 0.1.0
 */
export type ParameterType =
  | "string"
  | "number"
  | "boolean"
  | "timestamp"
  | "blob"
  | "streaming-blob"
  | "list"
  | "map"
  | "structure"
  | "unknown"

/**
 * @category models
 * @since 0.1.0
 */
export interface ParameterInfo {
  /** The API's PascalCase name (`ContentType`). */
  readonly name: string
  readonly type: ParameterType
  readonly required: boolean
  /** Members of a structure, or of a list's / map's structure elements. */
  readonly members?: ReadonlyArray<ParameterInfo>
  /** Element type of a list or value type of a map. */
  readonly element?: ParameterInfo
  /** Allowed values when the SDK declares an enum. */
  readonly values?: ReadonlyArray<string>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface OperationInfo {
  /** Canonical name: `PutObject`. */
  readonly name: string
  /** `put-object`. */
  readonly kebabName: string
  /** `built-in` for SDK commands, else the plugin's name. */
  readonly source: string
  readonly parameters: ReadonlyArray<ParameterInfo>
}

/**
 * A problem with an operation's parameters. `path` is relative to the step's `parameters` and uses
 * the keys as the user wrote them (so the loader can find their source positions).
 *
 * @category models
 * @since 0.1.0
 */
export interface ParameterIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/*
 * CONTRACT, to be implemented in this module (helper-owned):
 *
 * export interface Catalog { readonly operations: ReadonlyMap<string, OperationInfo>; ... }
 * export const builtIn: Catalog                          // every @aws-sdk/client-s3 command (113)
 * export const lookup: (catalog: Catalog, name: string) => OperationInfo | undefined
 *     // accepts PutObject, put-object, put_object, putObject, PUT-OBJECT
 * export const suggest: (catalog: Catalog, name: string) => string | undefined   // did-you-mean
 * export const normalizeParameters: (operation: OperationInfo, parameters: Record<string, unknown>)
 *     => { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> }
 *     // keys normalised to PascalCase at every level; unknown (did-you-mean + list), missing required,
 *     // wrong type; a string containing `${{ ... }}` is accepted for any scalar type
 * export const command: (operation: OperationInfo) => new (input: any) => Command   // SDK command class
 * export const toSdkInput: (operation: OperationInfo, parameters: Record<string, unknown>) => Record<string, unknown>
 *     // ISO timestamp strings -> Date, etc.
 */
