/**
 * @since 0.1.0
 */
export * as Conformance from "./Conformance.ts"
export * as Matrix from "./Matrix.ts"
export * as Profile from "./Profile.ts"
export * as Suites from "./Suites.ts"
export * as Targets from "./Targets.ts"
