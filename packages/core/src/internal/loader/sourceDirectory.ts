/**
 * The directory a suite file's relative paths (plugins, `file://` bodies of plugin operations) are
 * resolved from.
 */
import * as path from "node:path"

/** The directory of a source file (the cwd when the step has no known source). */
export const directoryOf = (file: string | undefined): string =>
  file === undefined ? process.cwd() : path.dirname(path.resolve(file))
