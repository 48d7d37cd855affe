/**
 * The engine's defaults, in a module of their own: a command line shows them in its `--help`
 * without loading the engine (and with it the S3 client and the SDK). {@link Engine} uses them.
 *
 * @since 0.1.0
 */

/**
 * How long a group's after_test may take in all, in milliseconds.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultCleanupTimeoutMs = 120_000

/**
 * How many groups run at once when `test_cases.parallel` is true.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultConcurrency = 8
