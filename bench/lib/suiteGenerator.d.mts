// Types of suiteGenerator.mjs, for the core tests that load its generated suites.

/** A suite of `steps` steps in groups of 25 (see suiteGenerator.mjs). */
export declare const suiteYaml: (
  steps: number,
  options?: { readonly endpoint?: string; readonly expectBodies?: boolean }
) => string
