/**
 * The request side of a call's bodies: every streaming-blob parameter of the operation (PutObject's
 * and UploadPart's `Body`...) is resolved (text, bytes, a file stream, a generated stream) and the
 * operation's `ContentLength` is set to its size unless the step gives one, so servers that refuse
 * chunked uploads accept streams. The streams are destroyed after the call, whatever happened.
 */
import type { Readable } from "node:stream"
import * as Catalog from "../../Catalog.ts"
import type { OperationInfo } from "../../Catalog.ts"
import { resolve, resolveInMemory } from "../body/bodyResolve.ts"

export interface PreparedInput {
  readonly input: Record<string, unknown>
  /** Destroys the request streams (idempotent; harmless after they were read). */
  readonly release: () => void
  /** True while a request stream has not been read to its end (the body is not sent in full). */
  readonly uploading: () => boolean
}

const isReadable = (u: unknown): u is Readable =>
  typeof u === "object" && u !== null && typeof (u as { pipe?: unknown }).pipe === "function" &&
  typeof (u as { destroy?: unknown }).destroy === "function"

/** What a call needs to know of its operation's bodies, found once per operation (calls are many, operations few). */
interface OperationBodies {
  readonly streaming: ReadonlyArray<string>
  readonly hasContentLength: boolean
  /** The answer has a streaming `Body` (GetObject's), which the engine reads to its end. */
  readonly readsBody: boolean
}

const operationBodies = new WeakMap<OperationInfo, OperationBodies>()

const bodiesOf = (operation: OperationInfo): OperationBodies => {
  let found = operationBodies.get(operation)
  if (found === undefined) {
    found = {
      streaming: operation.parameters.filter((p) => p.type === "streaming-blob").map((p) => p.name),
      hasContentLength: operation.parameters.some((p) => p.name === "ContentLength"),
      readsBody: Catalog.outputs(operation)?.some((member) => member.name === "Body" && member.type === "streaming-blob") === true
    }
    operationBodies.set(operation, found)
  }
  return found
}

/** Whether the engine reads the operation's answer's body to its end itself (a streaming `Body`, GetObject's). */
export const readsBody = (operation: OperationInfo): boolean => bodiesOf(operation).readsBody

/** The names of an operation's streaming-blob parameters. */
export const streamingParameters = (operation: OperationInfo): ReadonlyArray<string> => bodiesOf(operation).streaming

const noRelease = () => {}
const notUploading = () => false

/**
 * Resolves the bodies of `input` (parameters with PascalCase names): at once when it has none (most
 * operations' calls), else asynchronously. Rejects with an Error saying what is wrong with a body
 * (its parameter named); nothing stays open then.
 */
export const prepareInput = (
  operation: OperationInfo,
  input: Record<string, unknown>,
  baseDir: string
): PreparedInput | Promise<PreparedInput> => {
  const bodies = bodiesOf(operation)
  const names = bodies.streaming.length === 0 ? bodies.streaming : bodies.streaming.filter((name) => input[name] !== undefined)
  if (names.length === 0) return { input, release: noRelease, uploading: notUploading }
  return inMemoryBodies(bodies, input, names) ?? resolveBodies(bodies, input, names, baseDir)
}

/** `name`'s problem as the Error that says which parameter it is. */
const named = (name: string, error: unknown): Error =>
  new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`)

/** The size of a body the request carries, as its Content-Length unless the step gives one. */
const withLength = (bodies: OperationBodies, out: Record<string, unknown>, name: string, size: number): void => {
  if (bodies.hasContentLength && name === "Body" && out["ContentLength"] === undefined) out["ContentLength"] = size
}

/**
 * The input at once when every body is in memory or a caller's stream (no promise, nothing to
 * release); undefined when one is a file or generated. Throws what is wrong with a body.
 */
const inMemoryBodies = (
  bodies: OperationBodies,
  input: Record<string, unknown>,
  names: ReadonlyArray<string>
): PreparedInput | undefined => {
  const out: Record<string, unknown> = { ...input }
  for (const name of names) {
    if (isReadable(input[name])) continue // given as a stream by code-first callers
    let body: ReturnType<typeof resolveInMemory>
    try {
      body = resolveInMemory(input[name])
    } catch (error) {
      throw named(name, error)
    }
    if (body === undefined) return undefined
    out[name] = body.content
    withLength(bodies, out, name, body.size)
  }
  return { input: out, release: noRelease, uploading: notUploading }
}

const resolveBodies = async (
  bodies: OperationBodies,
  input: Record<string, unknown>,
  names: ReadonlyArray<string>,
  baseDir: string
): Promise<PreparedInput> => {
  const out: Record<string, unknown> = { ...input }
  const streams: Array<Readable> = []
  const release = () => {
    for (const stream of streams) if (!stream.destroyed) stream.destroy()
  }
  try {
    for (const name of names) {
      if (isReadable(input[name])) continue // given as a stream by code-first callers
      const body = await resolve(input[name], baseDir).catch((error: unknown) => {
        throw named(name, error)
      })
      if (isReadable(body.content)) streams.push(body.content)
      out[name] = body.content
      withLength(bodies, out, name, body.size)
    }
  } catch (error) {
    release()
    throw error
  }
  const uploading = () => streams.some((stream) => !stream.readableEnded && !stream.destroyed)
  return { input: out, release, uploading }
}
