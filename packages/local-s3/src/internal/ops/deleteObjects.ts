/** DeleteObjects: `POST /bucket?delete` with a `<Delete>` document of up to 1000 keys. */
import { readBody } from "../body.ts"
import { md5, verifyIntegrity } from "../checksum.ts"
import { malformedXml } from "../errors.ts"
import { type Handler, sendXml } from "../http.ts"
import { getBucket } from "../store.ts"
import { children, childText, parseDocument } from "../xml.ts"

const MAX_KEYS = 1000
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

interface Deletion {
  readonly key: string
  readonly versionId: string | undefined
}

export const deleteObjects: Handler = async (ctx) => {
  getBucket(ctx.store, ctx.bucket)
  const { data, trailers } = await readBody(ctx.req, { maxBytes: MAX_DOCUMENT_BYTES, requireLength: false })
  verifyIntegrity(ctx.req.headers, trailers, data, md5(data))
  const doc = parseDocument(data, "Delete")
  const quiet = (childText(doc, "Quiet") ?? "false").trim() === "true"
  const deletions: Array<Deletion> = children(doc, "Object").map((node) => {
    const key = childText(node, "Key")
    if (key === undefined || key === "") throw malformedXml()
    return { key, versionId: childText(node, "VersionId") }
  })
  if (deletions.length === 0 || deletions.length > MAX_KEYS) throw malformedXml()
  const bucket = getBucket(ctx.store, ctx.bucket)
  const deleted: Array<object> = []
  const errors: Array<object> = []
  for (const { key, versionId } of deletions) {
    if (versionId !== undefined && versionId !== "null") {
      errors.push({
        Key: key,
        VersionId: versionId,
        Code: "NotImplemented",
        Message: "local-s3 is a fake and does not support object versions."
      })
      continue
    }
    bucket.objects.delete(key)
    if (!quiet) deleted.push(versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId })
  }
  sendXml(ctx, "DeleteResult", { Deleted: deleted, Error: errors })
}
