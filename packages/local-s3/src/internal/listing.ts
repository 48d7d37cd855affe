/**
 * The paging and delimiter grouping shared by the List* operations: walk sorted names, group
 * names that contain the delimiter after the prefix into common prefixes, and stop after
 * `maxKeys` entries (a common prefix counts as one entry).
 */
import { invalidArgument } from "./errors.ts"
import { compareKeys } from "./store.ts"

export interface ListRequest {
  readonly prefix: string
  readonly delimiter: string | undefined
  /** Exclusive: entries (keys or common prefixes) at or before it are skipped. */
  readonly after: string | undefined
  readonly maxKeys: number
}

export interface ListPage {
  readonly keys: ReadonlyArray<string>
  readonly commonPrefixes: ReadonlyArray<string>
  readonly truncated: boolean
  /** The last entry returned (a key or a common prefix): the marker of the next page. */
  readonly last: string | undefined
}

export const sortKeys = (keys: Iterable<string>): Array<string> => Array.from(keys).sort(compareKeys)

export const listPage = (sortedKeys: ReadonlyArray<string>, request: ListRequest): ListPage => {
  const { prefix, delimiter, after, maxKeys } = request
  const keys: Array<string> = []
  const commonPrefixes: Array<string> = []
  let last: string | undefined
  let count = 0
  let truncated = false
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix)) continue
    let entry = key
    let isPrefix = false
    if (delimiter !== undefined && delimiter !== "") {
      const index = key.indexOf(delimiter, prefix.length)
      if (index !== -1) {
        entry = key.slice(0, index + delimiter.length)
        isPrefix = true
      }
    }
    if (after !== undefined && compareKeys(entry, after) <= 0) continue
    if (isPrefix && entry === last) continue
    if (count === maxKeys) {
      truncated = maxKeys > 0
      break
    }
    if (isPrefix) commonPrefixes.push(entry)
    else keys.push(key)
    last = entry
    count++
  }
  return { keys, commonPrefixes, truncated, last }
}

/** `encoding-type=url`: S3 URL-encodes names in the response (keeping `/`). */
export const encoder = (encodingType: string | null): ((name: string) => string) => {
  if (encodingType === null || encodingType === "") return (name) => name
  if (encodingType !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType)
  return (name) => encodeURIComponent(name).replace(/%2F/g, "/")
}

/** Opaque continuation tokens: the base64url of the last entry. */
export const encodeToken = (last: string): string => Buffer.from(last, "utf8").toString("base64url")

export const decodeToken = (token: string): string => {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    throw invalidArgument("The continuation token provided is incorrect", "continuation-token", token)
  }
  return Buffer.from(token, "base64url").toString("utf8")
}
