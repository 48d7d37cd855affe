/**
 * The types behind `Build.step`: the SDK's operations by name, each with its input type (from the
 * SDK's own `XCommand` classes, so the parameter names and types are the SDK's), and how a value may
 * be written in a suite (a `${{ ... }}` template where the SDK wants a number, an ISO string where it
 * wants a Date, a suite body where it wants a stream).
 *
 * @internal
 */
import type * as Sdk from "@aws-sdk/client-s3"

type SdkModule = typeof Sdk

/** `PutObject`, `ListObjectsV2`, ...: every command of `@aws-sdk/client-s3`. */
export type SdkOperationName = {
  [K in keyof SdkModule]: K extends `${infer N}Command`
    ? SdkModule[K] extends abstract new(...args: any) => { readonly input: any } ? N : never
    : never
}[keyof SdkModule]

/** The SDK's input type of an operation (`PutObjectCommandInput` for `PutObject`). */
export type SdkInput<N extends SdkOperationName> = SdkModule[`${N}Command`] extends
  abstract new(...args: any) => { readonly input: infer I } ? I : never

/** A `${{ path }}` template (resolved when the step runs). */
export type Template = `${string}\${{${string}}}${string}`

/** A request body: text, bytes, a `file://` path, `{ base64 }` or `{ generate: { size, seed } }`. */
export type BodyInput =
  | string
  | Uint8Array
  | { readonly base64: string }
  | {
    readonly generate: {
      readonly size: number | string
      readonly seed?: number | string
      readonly offset?: number | string
    }
  }

/** How a value of SDK type `T` may be written in a step. */
export type Value<T> = [T] extends [never] ? never
  : T extends string ? T | Template
  : T extends number ? number | Template
  : T extends boolean ? boolean | Template
  : T extends bigint ? number | bigint | Template
  : T extends Date ? Date | string
  : T extends Uint8Array ? BodyInput
  : T extends ReadonlyArray<infer E> ? ReadonlyArray<Value<E>>
  : T extends object ? Parameters<T> | Template
  : T

/** The parameters of a step whose SDK input is `I`: the same names, values as in {@link Value}. */
export type Parameters<I> = {
  readonly [K in keyof I]: K extends "Body" ? BodyInput : Value<Exclude<I[K], undefined>>
}
