/**
 * @since 0.1.0
 */
export * as LocalS3 from "./LocalS3.ts"
