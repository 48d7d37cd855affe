/**
 * The AWS SDK prints a ten-line NodeVersionSupportWarning on Node < 22 when a process makes its
 * first client. It is about the SDK's future releases, not this run, and it drowns the output of
 * the CLI, the examples and library users' scripts alike; the README states the Node versions we
 * support. Every client s3tester makes gets its settings from `clientConfig`, which calls this
 * first: it turns on the SDK's own off switch for that warning alone, unless the user has set it
 * (to anything: `false` brings the warning back). Other process warnings are untouched.
 */
const offSwitch = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"

export const quietNodeVersionWarning = (): void => {
  if (process.env[offSwitch] === undefined) process.env[offSwitch] = "true"
}
