/**
 * The in-memory data model: buckets, objects (immutable Buffers) and multipart uploads.
 * One account owns every bucket.
 */
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  invalidBucketName,
  noSuchBucket,
  noSuchKey,
  noSuchUpload,
  S3Error
} from "./errors.ts"

/** Standard headers stored with an object and returned on GET/HEAD. */
export const STORED_HEADERS = [
  "cache-control",
  "content-disposition",
  "content-encoding",
  "content-language",
  "expires"
] as const

export type StoredHeader = (typeof STORED_HEADERS)[number]

export interface ObjectMeta {
  readonly contentType: string
  /** User metadata: lower-cased names without the `x-amz-meta-` prefix. */
  readonly metadata: ReadonlyMap<string, string>
  readonly headers: ReadonlyMap<StoredHeader, string>
}

export interface StoredObject {
  readonly data: Buffer
  /** Quoted, as sent on the wire. */
  readonly etag: string
  readonly lastModified: Date
  readonly meta: ObjectMeta
}

export interface Part {
  readonly data: Buffer
  readonly etag: string
  readonly lastModified: Date
}

export interface Upload {
  readonly id: string
  readonly key: string
  readonly initiated: Date
  readonly meta: ObjectMeta
  readonly parts: Map<number, Part>
}

export interface Bucket {
  readonly name: string
  readonly created: Date
  /** The LocationConstraint given at creation; `""` means the default region. */
  readonly location: string
  readonly objects: Map<string, StoredObject>
  readonly uploads: Map<string, Upload>
}

export interface Store {
  readonly buckets: Map<string, Bucket>
  /** Names that "another account" owns: creating them fails with BucketAlreadyExists. */
  readonly reserved: ReadonlySet<string>
}

export const makeStore = (reserved: Iterable<string> = []): Store => ({
  buckets: new Map(),
  reserved: new Set(reserved)
})

export const getBucket = (store: Store, name: string): Bucket => {
  const bucket = store.buckets.get(name)
  if (bucket === undefined) throw noSuchBucket(name)
  return bucket
}

export const getObject = (bucket: Bucket, key: string): StoredObject => {
  const object = bucket.objects.get(key)
  if (object === undefined) throw noSuchKey(key)
  return object
}

export const getUpload = (bucket: Bucket, key: string, uploadId: string): Upload => {
  const upload = bucket.uploads.get(uploadId)
  if (upload === undefined || upload.key !== key) throw noSuchUpload(uploadId)
  return upload
}

export const createBucket = (store: Store, name: string, location: string, now: Date): Bucket => {
  if (!isValidBucketName(name)) throw invalidBucketName(name)
  if (store.buckets.has(name)) throw bucketAlreadyOwnedByYou(name)
  if (store.reserved.has(name)) throw bucketAlreadyExists(name)
  const bucket: Bucket = { name, created: now, location, objects: new Map(), uploads: new Map() }
  store.buckets.set(name, bucket)
  return bucket
}

/** Timestamps are kept in whole seconds, as HTTP dates carry them. */
export const now = (): Date => new Date(Math.floor(Date.now() / 1000) * 1000)

const MAX_KEY_BYTES = 1024

/** Throws KeyTooLongError for keys over 1024 UTF-8 bytes. */
export const checkKey = (key: string): void => {
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
    throw new S3Error("KeyTooLongError", 400, "Your key is too long", { MaxSizeAllowed: String(MAX_KEY_BYTES) })
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/** The general-purpose bucket naming rules of S3. */
export const isValidBucketName = (name: string): boolean =>
  BUCKET_NAME.test(name) &&
  !name.includes("..") &&
  !name.includes(".-") &&
  !name.includes("-.") &&
  !IP_ADDRESS.test(name) &&
  !name.startsWith("xn--") &&
  !name.startsWith("sthree-") &&
  !name.endsWith("-s3alias") &&
  !name.endsWith("--ol-s3")

/**
 * Compares keys in UTF-8 byte order (the order S3 lists in), which is Unicode code point order.
 * JavaScript's `<` compares UTF-16 code units, which differs for characters above U+FFFF.
 */
export const compareKeys = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

const codePointRank = (unit: number): number =>
  unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit
