/**
 * @since 0.1.0
 */
export * as Catalog from "./Catalog.ts"
export * as ConfigError from "./ConfigError.ts"
export * as Diagnostic from "./Diagnostic.ts"
export * as Engine from "./Engine.ts"
export * as Loader from "./Loader.ts"
export * as Preflight from "./Preflight.ts"
export * as Redaction from "./Redaction.ts"
export * as Reporter from "./Reporter.ts"
export * as RunEvent from "./RunEvent.ts"
export * as RunResult from "./RunResult.ts"
export * as S3Clients from "./S3Clients.ts"
export * as Suite from "./Suite.ts"
export * as Target from "./Target.ts"
