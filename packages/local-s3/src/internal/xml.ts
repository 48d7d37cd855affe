/**
 * Request XML parsing and response XML rendering (fast-xml-parser). Parsing keeps every value a
 * string (`parseTagValue: false`) and rejects malformed input with `MalformedXML`. Documents with
 * a DOCTYPE are rejected before parsing: fast-xml-parser 5.12 would expand their internal
 * entities, and no S3 request document needs one.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser"
import { malformedXml, type S3Error } from "./errors.ts"

export const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"

const DECLARATION = `<?xml version="1.0" encoding="UTF-8"?>\n`

/** Elements that may repeat in request documents; always parsed as arrays. */
const REPEATED = new Set(["Object", "Part"])

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name)
})

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: true,
  suppressEmptyNode: false
})

/** An element of a parsed document: nested elements by name, or text. */
export type XmlNode = { readonly [name: string]: unknown }

/** Parses `body` and returns the element named `root`; throws `MalformedXML` otherwise. */
export const parseDocument = (body: Buffer, root: string): XmlNode => {
  const text = body.toString("utf8")
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformedXml()
  let doc: unknown
  try {
    doc = parser.parse(text, true)
  } catch {
    throw malformedXml()
  }
  const node = isNode(doc) ? doc[root] : undefined
  if (node === "") return {}
  if (!isNode(node)) throw malformedXml()
  return node
}

export const isNode = (u: unknown): u is XmlNode => typeof u === "object" && u !== null && !Array.isArray(u)

/** The text of a child element, or `undefined` when it is absent. */
export const childText = (node: XmlNode, name: string): string | undefined => {
  const value = node[name]
  if (value === undefined) return undefined
  if (typeof value === "string") return value
  if (isNode(value) && typeof value["#text"] === "string") return value["#text"]
  if (isNode(value) && Object.keys(value).length === 0) return ""
  throw malformedXml()
}

/** The repeated child elements named `name` (declared in `REPEATED`). */
export const children = (node: XmlNode, name: string): ReadonlyArray<XmlNode> => {
  const value = node[name]
  if (value === undefined) return []
  if (!Array.isArray(value)) throw malformedXml()
  return value.map((item: unknown) => {
    if (isNode(item)) return item
    throw malformedXml()
  })
}

/** Renders a result document whose root element carries the S3 namespace. */
export const renderDocument = (root: string, body: object): string =>
  DECLARATION + builder.build({ [root]: { "@_xmlns": S3_NAMESPACE, ...dropUndefined(body) } })

/** Renders an S3 `<Error>` document. */
export const renderError = (error: S3Error, requestId: string, resource: string): string =>
  DECLARATION +
  builder.build({
    Error: {
      Code: error.code,
      Message: error.message,
      ...error.fields,
      Resource: resource,
      RequestId: requestId,
      HostId: "local-s3"
    }
  })

/** S3 timestamps in listings: ISO 8601 with milliseconds. */
export const isoDate = (date: Date): string => date.toISOString()

const dropUndefined = (body: object): object =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))
