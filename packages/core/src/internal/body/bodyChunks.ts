/**
 * Frees the memory of body chunks as soon as they are done with, instead of when the garbage
 * collector gets to them. Streaming 1 GiB makes 1 GiB of chunk buffers (memory outside the JS
 * heap); Node 24's V8 collects them only after ~64-100 MB have piled up (Node 20's, after ~32 MB),
 * which is most of a large transfer's peak RSS there. Detaching a chunk's ArrayBuffer
 * (`ArrayBuffer.prototype.transfer`, Node >= 21; a no-op before) frees it at once.
 *
 * Only for chunks nobody else can still read: ones the caller made (generated bodies, once the
 * socket has taken them) or got fresh from a socket and has read. A chunk that is a view of part
 * of a larger buffer (a pooled or shared one) is left alone.
 */

interface Transferable {
  readonly transfer?: (length?: number) => ArrayBuffer
  readonly detached?: boolean
}

/**
 * Whether this runtime can free a chunk ({@link releaseChunk} is a no-op where it cannot: Node 20),
 * so that what only exists to release chunks (a socket listener, a microtask per chunk) is left out.
 */
export const canReleaseChunks: boolean =
  typeof (ArrayBuffer.prototype as ArrayBuffer & Transferable).transfer === "function"

/** Frees `chunk`'s memory now, when it is the whole of its own ArrayBuffer; later reads see it empty. */
export const releaseChunk = (chunk: unknown): void => {
  if (!canReleaseChunks || !(chunk instanceof Uint8Array) || chunk.byteOffset !== 0) return
  const buffer = chunk.buffer as ArrayBuffer & Transferable
  if (buffer.byteLength !== chunk.byteLength) return
  if (!(buffer instanceof ArrayBuffer)) return // shared memory is not ours to free
  // Deno's streams may already have taken the buffer (transferred it to a native write): nothing to free
  if (buffer.detached === true) return
  try {
    buffer.transfer?.(0)
  } catch {
    // a buffer that cannot be detached (a runtime's own, say) is left to the garbage collector
  }
}
