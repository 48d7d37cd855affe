/**
 * @since 0.1.0
 */
export * as Catalog from "./Catalog.ts"
export * as ConfigError from "./ConfigError.ts"
export * as Diagnostic from "./Diagnostic.ts"
export * as Loader from "./Loader.ts"
export * as RunEvent from "./RunEvent.ts"
export * as RunResult from "./RunResult.ts"
export * as Suite from "./Suite.ts"
export * as Target from "./Target.ts"
