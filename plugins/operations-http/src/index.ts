/**
 * `@s3tester/operations-http`: s3tester operations that are not single SDK calls. Load it with
 * `plugins: ["@s3tester/operations-http"]` in a suite, or `--plugin @s3tester/operations-http`.
 *
 * @since 0.1.0
 */
import { Plugin } from "@s3tester/core"
import { HttpRequest } from "./HttpRequest.ts"
import { MultipartUpload } from "./MultipartUpload.ts"
import { PostObject } from "./PostObject.ts"
import { PresignedGet, PresignedPut } from "./Presigned.ts"

export {
  /**
   * @since 0.1.0
   */
  HttpRequest
} from "./HttpRequest.ts"
export {
  /**
   * @since 0.1.0
   */
  MultipartUpload
} from "./MultipartUpload.ts"
export {
  /**
   * @since 0.1.0
   */
  PostObject
} from "./PostObject.ts"
export {
  /**
   * @since 0.1.0
   */
  PresignedGet,
  /**
   * @since 0.1.0
   */
  PresignedPut
} from "./Presigned.ts"

/**
 * The plugin: `PresignedGet`, `PresignedPut`, `PostObject`, `HttpRequest`, `MultipartUpload`.
 *
 * @category plugins
 * @since 0.1.0
 */
export const plugin: Plugin.Plugin = Plugin.definePlugin({
  name: "@s3tester/operations-http",
  operations: [PresignedGet, PresignedPut, PostObject, HttpRequest, MultipartUpload]
})

export default plugin
