/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation. */
import { readBody } from "../body.ts"
import { bucketNotEmpty } from "../errors.ts"
import { type Handler, queryInt, queryString, sendEmpty, sendXml } from "../http.ts"
import { decodeToken, encodeToken } from "../listing.ts"
import { type Bucket, compareKeys, createBucket as addBucket, getBucket, now } from "../store.ts"
import { childText, isoDate, parseDocument } from "../xml.ts"

const OWNER = { ID: "local-s3", DisplayName: "local-s3" }
const MAX_CONFIGURATION_BYTES = 64 * 1024

/** The region a bucket lives in: its LocationConstraint, or us-east-1 when it has none. */
const regionOf = (bucket: Bucket): string => bucket.location === "" ? "us-east-1" : bucket.location

export const listBuckets: Handler = (ctx) => {
  const prefix = ctx.query.get("prefix") ?? ""
  const paged = ctx.query.has("max-buckets") || ctx.query.has("continuation-token")
  const max = queryInt(ctx.query, "max-buckets", 10000, 1, 10000)
  const token = queryString(ctx.query, "continuation-token")
  const after = token === undefined ? undefined : decodeToken(token)
  const names = Array.from(ctx.store.buckets.keys())
    .filter((name) => name.startsWith(prefix) && (after === undefined || compareKeys(name, after) > 0))
    .sort(compareKeys)
  const page = names.slice(0, max)
  const truncated = names.length > page.length
  sendXml(ctx, "ListAllMyBucketsResult", {
    Owner: OWNER,
    Buckets: {
      Bucket: page.map((name) => {
        const bucket = ctx.store.buckets.get(name)!
        return { Name: name, CreationDate: isoDate(bucket.created), BucketRegion: regionOf(bucket) }
      })
    },
    ContinuationToken: paged && truncated ? encodeToken(page[page.length - 1]!) : undefined,
    Prefix: ctx.query.has("prefix") ? prefix : undefined
  })
}

export const createBucket: Handler = async (ctx) => {
  const { data } = await readBody(ctx.req, { maxBytes: MAX_CONFIGURATION_BYTES, requireLength: false })
  let location = ctx.config.region === "us-east-1" ? "" : ctx.config.region
  if (data.length > 0 && data.toString("utf8").trim() !== "") {
    const constraint = childText(parseDocument(data, "CreateBucketConfiguration"), "LocationConstraint")
    if (constraint !== undefined) location = constraint.trim()
  }
  addBucket(ctx.store, ctx.bucket, location, now())
  sendEmpty(ctx, 200, { location: `/${ctx.bucket}` })
}

export const headBucket: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  sendEmpty(ctx, 200, { "x-amz-bucket-region": regionOf(bucket) })
}

export const deleteBucket: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  if (bucket.objects.size > 0) throw bucketNotEmpty(ctx.bucket)
  // Unfinished multipart uploads do not keep a bucket alive; they go with it.
  ctx.store.buckets.delete(ctx.bucket)
  sendEmpty(ctx, 204)
}

export const getBucketLocation: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  // The root element carries the text itself; renderDocument adds the namespace.
  sendXml(ctx, "LocationConstraint", { "#text": bucket.location })
}
