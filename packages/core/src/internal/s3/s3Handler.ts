/**
 * What the run's clients do in their HTTP handler (the SDK makes one per client) around every
 * request: the call's abort signal reaches the handler alone, and the exchange goes to the
 * attempt's trace recorder (see s3Trace). Both ride on the options of `client.send`, which the SDK
 * hands the handler as they are. (In the handler, not in a middleware: the SDK copies and sorts a
 * client's middleware stack on every call, so one entry more costs every call, traced or not.)
 */
import type { CallAbort } from "./s3Abort.ts"
import { recorderMarked, recording, traceExchange } from "./s3Trace.ts"
import type { Recorder } from "./s3Trace.ts"

/**
 * Where a call's signal rides in the options of `client.send`: under this key, the SDK passes it to
 * the HTTP handler without taking it as the command's own `abortSignal`, which its retry
 * middleware would race every call against (its clients make one attempt: there is nothing to
 * race) on top of the HTTP handler listening to it.
 */
const signalKey = Symbol("@s3tester/core/handlerSignal")

/** The options of one call's `client.send` (a class: one shape for every call, told apart at once). */
class CallOptions {
  /** (none: the SDK must not take the signal as the command's) */
  declare readonly abortSignal?: never
  readonly [signalKey]: CallAbort
  constructor(signal: CallAbort) {
    this[signalKey] = signal
  }
}

/**
 * The options of `client.send` that give `signal` to the HTTP handler alone and its exchange to
 * `recorder` (typed as the SDK's options, none of which they set).
 */
export const sendOptions = (signal: CallAbort, recorder: Recorder | undefined): { readonly abortSignal?: never } =>
  recording(recorder, new CallOptions(signal))

type Options = Record<PropertyKey, unknown>

interface RequestHandler {
  handle: (request: unknown, options?: Options) => Promise<{ readonly response: unknown }>
}

const isRequestHandler = (u: unknown): u is RequestHandler =>
  typeof u === "object" && u !== null && typeof (u as { handle?: unknown }).handle === "function"

/**
 * The options the handler itself gets: the signal of {@link sendOptions} as its `abortSignal`
 * (a new object, not a spread of ours: copying symbol keys takes V8's slow path, ~1 µs a call);
 * the options of other calls (a plugin's own `abortSignal`) as they are.
 */
const handlerOptionsOf = (options: Options | undefined): Options | undefined => {
  if (options instanceof CallOptions) return { abortSignal: options[signalKey] }
  const signal = options?.[signalKey]
  // the SDK copied ours (adding `isEventStream`): keep what it added
  return signal === undefined ? options : { ...options, abortSignal: signal }
}

/** Installs the above on the HTTP handler of `client` (once, where the run's clients are made). */
export const instrumentHandler = (client: { readonly config: { readonly requestHandler?: unknown } }): void => {
  const handler = client.config.requestHandler
  if (!isRequestHandler(handler)) return
  const handle = handler.handle.bind(handler)
  handler.handle = (request, options) => {
    const recorder = options === undefined ? undefined : recorderMarked(options)
    const forHandler = handlerOptionsOf(options)
    return recorder === undefined
      ? handle(request, forHandler)
      : traceExchange(recorder, request, () => handle(request, forHandler))
  }
}
