import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as Redaction from "../src/Redaction.ts"
import * as Suite from "../src/Suite.ts"

describe("Redaction.make", () => {
  it("masks every occurrence of every secret", () => {
    const redact = Redaction.make(["s3cr3t", "t0ken"])
    assert.strictEqual(redact("key s3cr3t and t0ken, again s3cr3t"), "key *** and ***, again ***")
  })

  it("masks URL-encoded forms, in both hex cases and RFC 3986 encoding", () => {
    const secret = "wJal/rXUt+nFEMI=K7MDENG(bPxR)fiCY"
    const redact = Redaction.make([secret])
    const encoded = encodeURIComponent(secret)
    assert.strictEqual(redact(`raw ${secret}`), "raw ***")
    assert.strictEqual(redact(`url ?x=${encoded}&y=1`), "url ?x=***&y=1")
    assert.strictEqual(redact(`lower ${encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`), "lower ***")
    const rfc = encoded.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    assert.strictEqual(redact(`rfc ${rfc}`), "rfc ***")
  })

  it("masks a longer secret whole even when it contains a shorter one", () => {
    const redact = Redaction.make(["abcd", "xxabcdxx"])
    assert.strictEqual(redact("xxabcdxx abcd"), "*** ***")
  })

  it("ignores empty and very short secrets and leaves other text alone", () => {
    const redact = Redaction.make(["", "s", "abc", "secret"])
    assert.strictEqual(redact("nothing to hide, expected success"), "nothing to hide, expected success")
    assert.strictEqual(redact("a secret"), "a ***")
  })

  it("masks signatures, presigned security tokens, SSE-C key headers and Authorization values", () => {
    const redact = Redaction.make([])
    assert.strictEqual(
      redact("GET /b/k?X-Amz-Credential=AK%2F2024&X-Amz-Signature=0123abcdef&X-Amz-Security-Token=FQo%2Bxyz&x=1"),
      "GET /b/k?X-Amz-Credential=AK%2F2024&X-Amz-Signature=***&X-Amz-Security-Token=***&x=1"
    )
    assert.strictEqual(
      redact("Authorization: AWS4-HMAC-SHA256 Credential=AK/x, Signature=deadbeef\nnext"),
      "Authorization: ***\nnext"
    )
    assert.strictEqual(
      redact("x-amz-server-side-encryption-customer-key: c2VjcmV0a2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM="),
      "x-amz-server-side-encryption-customer-key: ***"
    )
  })
})

describe("Redaction.secretsOf", () => {
  const suite = Schema.decodeUnknownSync(Suite.Suite)({
    config: {
      endpoint_url: "http://127.0.0.1:7480",
      credentials: [
        { name: "main", access_key: "AKMAIN", secret_key: "main-secret" },
        { name: "temp", access_key: "AKTEMP", secret_key: "temp-secret", session_token: "temp-token" },
        { name: "anon", anonymous: true }
      ]
    },
    test_cases: {
      groups: [{
        name: "g",
        test: [
          { operation: "PutObject", parameters: { Bucket: "b", Key: "k", SSECustomerKey: "ssec-key" } },
          { operation: "HttpRequest", parameters: { Bucket: "b", AccessKeyId: "AKTEST", SecretAccessKey: "step-secret" } }
        ]
      }]
    }
  })

  it("collects secret keys, session tokens, SSE-C keys and step signing secrets, not access keys", () => {
    const secrets = Redaction.secretsOf(suite)
    assert.sameMembers([...secrets], ["main-secret", "temp-secret", "temp-token", "ssec-key", "step-secret"])
    const redact = Redaction.make(secrets)
    assert.strictEqual(redact("AKMAIN main-secret temp-token"), "AKMAIN *** ***")
  })
})

describe("Redaction.secretsOf: values that reach a secret parameter through templates", () => {
  const key = "c2VjcmV0a2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM="
  const copyKey = "Y29weXNvdXJjZWtleTEyMzQ1Njc4OTAxMjM0NTY3ODk="
  const suite = Schema.decodeUnknownSync(Suite.Suite)({
    config: { credentials: [{ name: "main", access_key: "AKMAIN", secret_key: "main-secret" }] },
    vars: { ssec: key, part: "0123456789", db_password: "hunter2-password" },
    test_cases: {
      groups: [{
        name: "g",
        vars: { copy: copyKey },
        test: [
          { operation: "PutObject", parameters: { Bucket: "b", Key: "k", SSECustomerKey: "${{ vars.ssec }}" } },
          {
            operation: "UploadPartCopy",
            parameters: { CopySourceSSECustomerKey: "${{ vars.copy }}", Nested: { SessionToken: "tok-${{ vars.part }}" } }
          }
        ]
      }]
    }
  })

  it("collects the resolved values (vars, group vars, nested secret names), not only the template text", () => {
    const secrets = Redaction.secretsOf(suite)
    for (const value of [key, copyKey, "tok-0123456789", "hunter2-password"]) assert.include(secrets, value)
    assert.notInclude(secrets, "0123456789") // a var under a plain name is not a secret by itself
    const redact = Redaction.make(secrets)
    assert.strictEqual(redact(`{"SSECustomerKey":"${key}","CopySourceSSECustomerKey":"${copyKey}"}`), `{"SSECustomerKey":"***","CopySourceSSECustomerKey":"***"}`)
  })

  it("resolves run templates when the run is known", () => {
    const withRun = Schema.decodeUnknownSync(Suite.Suite)({
      config: { credentials: [] },
      test_cases: {
        groups: [{ name: "g", test: [{ operation: "PutObject", parameters: { SSECustomerKey: "key-${{ run.id }}" } }] }]
      }
    })
    assert.include(Redaction.secretsOf(withRun, { run: { id: "r-42", started_at: "now" } }), "key-r-42")
  })
})

describe("Redaction.maskParameters", () => {
  it("masks secret parameters whatever their value, and nothing else", () => {
    assert.deepStrictEqual(
      Redaction.maskParameters({ Bucket: "b", SecretAccessKey: "from-vars", SSECustomerKey: "k", AccessKeyId: "AKTEST" }),
      { Bucket: "b", SecretAccessKey: "***", SSECustomerKey: "***", AccessKeyId: "AKTEST" }
    )
  })
})
