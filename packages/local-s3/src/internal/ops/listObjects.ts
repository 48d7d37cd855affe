/** ListObjects (v1) and ListObjectsV2: prefix, delimiter, max-keys, marker / continuation. */
import { type Ctx, type Handler, queryInt, queryString, sendXml } from "../http.ts"
import { decodeToken, encodeToken, encoder, type ListPage, listPage, sortKeys } from "../listing.ts"
import { getBucket, type Bucket } from "../store.ts"
import { isoDate } from "../xml.ts"

const OWNER = { ID: "local-s3", DisplayName: "local-s3" }

interface Common {
  readonly bucket: Bucket
  readonly prefix: string
  readonly delimiter: string | undefined
  readonly maxKeys: number
  readonly encode: (name: string) => string
}

const common = (ctx: Ctx): Common => ({
  bucket: getBucket(ctx.store, ctx.bucket),
  prefix: ctx.query.get("prefix") ?? "",
  delimiter: queryString(ctx.query, "delimiter"),
  maxKeys: queryInt(ctx.query, "max-keys", 1000, 0, 1000),
  encode: encoder(ctx.query.get("encoding-type"))
})

const page = (c: Common, after: string | undefined): ListPage =>
  listPage(sortKeys(c.bucket.objects.keys()), {
    prefix: c.prefix,
    delimiter: c.delimiter,
    after,
    maxKeys: c.maxKeys
  })

const contents = (c: Common, result: ListPage, withOwner: boolean): Array<object> =>
  result.keys.map((key) => {
    const object = c.bucket.objects.get(key)!
    return {
      Key: c.encode(key),
      LastModified: isoDate(object.lastModified),
      ETag: object.etag,
      Size: object.data.length,
      StorageClass: "STANDARD",
      Owner: withOwner ? OWNER : undefined
    }
  })

const prefixes = (c: Common, result: ListPage): Array<object> =>
  result.commonPrefixes.map((prefix) => ({ Prefix: c.encode(prefix) }))

const encodingType = (ctx: Ctx): string | undefined => queryString(ctx.query, "encoding-type")

export const listObjects: Handler = (ctx) => {
  const c = common(ctx)
  const marker = queryString(ctx.query, "marker")
  const result = page(c, marker)
  sendXml(ctx, "ListBucketResult", {
    Name: c.bucket.name,
    Prefix: c.encode(c.prefix),
    Marker: c.encode(marker ?? ""),
    // S3 sends NextMarker only with a delimiter; clients use the last key otherwise.
    NextMarker: result.truncated && c.delimiter !== undefined && result.last !== undefined
      ? c.encode(result.last)
      : undefined,
    MaxKeys: c.maxKeys,
    Delimiter: c.delimiter === undefined ? undefined : c.encode(c.delimiter),
    IsTruncated: result.truncated,
    EncodingType: encodingType(ctx),
    Contents: contents(c, result, true),
    CommonPrefixes: prefixes(c, result)
  })
}

export const listObjectsV2: Handler = (ctx) => {
  const c = common(ctx)
  const token = queryString(ctx.query, "continuation-token")
  const startAfter = queryString(ctx.query, "start-after")
  const after = token !== undefined ? decodeToken(token) : startAfter
  const result = page(c, after)
  sendXml(ctx, "ListBucketResult", {
    Name: c.bucket.name,
    Prefix: c.encode(c.prefix),
    Delimiter: c.delimiter === undefined ? undefined : c.encode(c.delimiter),
    MaxKeys: c.maxKeys,
    KeyCount: result.keys.length + result.commonPrefixes.length,
    IsTruncated: result.truncated,
    EncodingType: encodingType(ctx),
    ContinuationToken: token,
    NextContinuationToken: result.truncated && result.last !== undefined ? encodeToken(result.last) : undefined,
    StartAfter: startAfter === undefined ? undefined : c.encode(startAfter),
    Contents: contents(c, result, ctx.query.get("fetch-owner") === "true"),
    CommonPrefixes: prefixes(c, result)
  })
}
