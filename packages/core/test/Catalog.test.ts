import * as S3 from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "../src/Catalog.ts"

const get = (name: string): Catalog.OperationInfo => {
  const operation = Catalog.lookup(Catalog.builtIn, name)
  assert.isDefined(operation, name)
  return operation!
}

const param = (operation: Catalog.OperationInfo, name: string): Catalog.ParameterInfo => {
  const found = operation.parameters.find((p) => p.name === name)
  assert.isDefined(found, `${operation.name}.${name}`)
  return found!
}

const sdkCommandNames = Object.keys(S3).filter((key) => /^[A-Z]\w*Command$/.test(key))

describe("Catalog", () => {
  describe("builtIn", () => {
    it("has one operation per SDK command", () => {
      // 112 `XxxCommand` exports in @aws-sdk/client-s3 3.1173.0 (113 names end in "Command" with `$Command`).
      assert.strictEqual(sdkCommandNames.length, 112)
      assert.strictEqual(Catalog.builtIn.operations.size, sdkCommandNames.length)
      assert.deepStrictEqual(
        Catalog.names(Catalog.builtIn),
        sdkCommandNames.map((name) => name.slice(0, -"Command".length)).sort()
      )
      for (const operation of Catalog.builtIn.operations.values()) {
        assert.strictEqual(operation.source, "built-in")
        assert.isTrue(Catalog.isBuiltIn(operation))
      }
    })

    it("reads every operation's parameters and outputs from the SDK schema", () => {
      for (const operation of Catalog.builtIn.operations.values()) {
        assert.isArray(operation.parameters)
        assert.isDefined(Catalog.outputs(operation))
        assert.isAbove(Catalog.describe(operation).parameters.length, -1)
      }
      assert.isTrue(param(get("ListObjectsV2"), "Bucket").required)
      assert.deepStrictEqual(get("ListBuckets").parameters.filter((p) => p.required), [])
    })

    it("knows PutObject's parameters", () => {
      const putObject = get("PutObject")
      assert.strictEqual(putObject.kebabName, "put-object")
      assert.deepStrictEqual(putObject.parameters.filter((p) => p.required).map((p) => p.name), ["Bucket", "Key"])
      assert.deepStrictEqual(param(putObject, "Bucket"), { name: "Bucket", type: "string", required: true })
      assert.strictEqual(param(putObject, "Body").type, "streaming-blob")
      assert.strictEqual(param(putObject, "ContentLength").type, "number")
      assert.strictEqual(param(putObject, "Expires").type, "timestamp")
      assert.strictEqual(param(putObject, "ObjectLockRetainUntilDate").type, "timestamp")
      assert.strictEqual(param(putObject, "BucketKeyEnabled").type, "boolean")
      const metadata = param(putObject, "Metadata")
      assert.strictEqual(metadata.type, "map")
      assert.strictEqual(metadata.element?.type, "string")
    })

    it("knows nested structures and lists", () => {
      const deleteObjects = get("DeleteObjects")
      const del = param(deleteObjects, "Delete")
      assert.strictEqual(del.type, "structure")
      assert.isTrue(del.required)
      const objects = del.members?.find((m) => m.name === "Objects")
      assert.strictEqual(objects?.type, "list")
      assert.isTrue(objects?.required)
      const identifier = objects?.element
      assert.strictEqual(identifier?.type, "structure")
      assert.deepStrictEqual(
        identifier?.members?.map((m) => [m.name, m.type, m.required]),
        [["Key", "string", true], ["VersionId", "string", false], ["ETag", "string", false], [
          "LastModifiedTime",
          "timestamp",
          false
        ], ["Size", "number", false]]
      )
      const getObjectAttributes = get("GetObjectAttributes")
      const attributes = param(getObjectAttributes, "ObjectAttributes")
      assert.strictEqual(attributes.type, "list")
      assert.strictEqual(attributes.element?.type, "string")
    })

    it("reads outputs", () => {
      const body = Catalog.outputs(get("GetObject"))?.find((p) => p.name === "Body")
      assert.strictEqual(body?.type, "streaming-blob")
      assert.strictEqual(Catalog.outputs({ ...get("GetObject"), source: "plugin" }), undefined)
    })
  })

  describe("lookup", () => {
    it("accepts every spelling", () => {
      for (
        const spelling of ["PutObject", "put-object", "put_object", "putObject", "PUT-OBJECT", "putobject", "Put Object"]
      ) {
        assert.strictEqual(Catalog.lookup(Catalog.builtIn, spelling)?.name, "PutObject", spelling)
      }
      assert.strictEqual(Catalog.lookup(Catalog.builtIn, "list-objects-v2")?.name, "ListObjectsV2")
      assert.strictEqual(Catalog.lookup(Catalog.builtIn, "ListObjectsV2")?.kebabName, "list-objects-v2")
      assert.strictEqual(Catalog.lookup(Catalog.builtIn, "get_bucket_acl")?.name, "GetBucketAcl")
      assert.strictEqual(Catalog.lookup(Catalog.builtIn, "PutObjekt"), undefined)
    })

    it("suggests", () => {
      assert.strictEqual(Catalog.suggest(Catalog.builtIn, "PutObjekt"), "PutObject")
      assert.strictEqual(Catalog.suggest(Catalog.builtIn, "delete-objets"), "DeleteObjects")
      assert.strictEqual(Catalog.suggest(Catalog.builtIn, "Frobnicate"), undefined)
    })

    it("gives the SDK command class", () => {
      assert.strictEqual(Catalog.command(get("PutObject")), S3.PutObjectCommand)
      assert.strictEqual(Catalog.command(get("list_objects_v2")), S3.ListObjectsV2Command)
      const Command = Catalog.command(get("GetObject"))!
      const instance = new Command({ Bucket: "b", Key: "k" })
      assert.deepStrictEqual(instance.input, { Bucket: "b", Key: "k" })
      // Type check: instances can be sent with an S3Client.
      const send = (client: S3.S3Client) => client.send(instance)
      assert.isFunction(send)
    })
  })

  describe("normalizeParameters", () => {
    it("renames keys to PascalCase", () => {
      const putObject = get("PutObject")
      for (const key of ["content-type", "content_type", "ContentType", "contentType"]) {
        const result = Catalog.normalizeParameters(putObject, { bucket: "b", KEY: "k", [key]: "text/plain" })
        assert.deepStrictEqual(result.issues, [], key)
        assert.deepStrictEqual(result.parameters, { Bucket: "b", Key: "k", ContentType: "text/plain" })
      }
      const sse = Catalog.normalizeParameters(putObject, {
        bucket: "b",
        key: "k",
        "sse-customer-key": "x",
        "content-md5": "y",
        metadata: { "my-key": "v", Other_Key: "w" }
      })
      assert.deepStrictEqual(sse.issues, [])
      assert.deepStrictEqual(sse.parameters, {
        Bucket: "b",
        Key: "k",
        SSECustomerKey: "x",
        ContentMD5: "y",
        Metadata: { "my-key": "v", Other_Key: "w" } // map keys are data
      })
    })

    it("renames keys in nested structures and lists", () => {
      const result = Catalog.normalizeParameters(get("delete-objects"), {
        bucket: "b",
        delete: { objects: [{ key: "a" }, { key: "b", "version-id": "1" }], quiet: true }
      })
      assert.deepStrictEqual(result.issues, [])
      assert.deepStrictEqual(result.parameters, {
        Bucket: "b",
        Delete: { Objects: [{ Key: "a" }, { Key: "b", VersionId: "1" }], Quiet: true }
      })
    })

    it("reports unknown parameters with a suggestion", () => {
      const result = Catalog.normalizeParameters(get("PutObject"), { Bukcet: "b", Key: "k" })
      assert.deepStrictEqual(result.issues, [{
        path: ["Bukcet"],
        message: `unknown parameter "Bukcet" for PutObject; did you mean "Bucket"?`
      }, { path: [], message: `missing required parameter "Bucket" for PutObject` }])
      assert.deepStrictEqual(result.parameters, { Key: "k" })
    })

    it("reports unknown parameters with the valid ones", () => {
      const result = Catalog.normalizeParameters(get("GetBucketAcl"), { bucket: "b", Frobnicate: 1 })
      assert.deepStrictEqual(result.issues, [{
        path: ["Frobnicate"],
        message: `unknown parameter "Frobnicate" for GetBucketAcl; valid parameters: Bucket, ExpectedBucketOwner`
      }])
      const many = Catalog.normalizeParameters(get("PutObject"), { bucket: "b", key: "k", Frobnicate: 1 })
      assert.match(many.issues[0]!.message, /; valid parameters: Bucket, Key, ACL, Body, .* and \d+ more$/)
    })

    it("reports unknown nested parameters with the path as written", () => {
      const result = Catalog.normalizeParameters(get("DeleteObjects"), {
        bucket: "b",
        delete: { objects: [{ key: "a" }, { kee: "b" }] }
      })
      assert.deepStrictEqual(result.issues, [
        {
          path: ["delete", "objects", 1, "kee"],
          message: `unknown parameter "Delete.Objects[1].kee" for DeleteObjects; did you mean "Key"?`
        },
        { path: ["delete", "objects", 1], message: `missing required parameter "Delete.Objects[1].Key" for DeleteObjects` }
      ])
    })

    it("reports missing required parameters", () => {
      assert.deepStrictEqual(Catalog.normalizeParameters(get("GetObject"), { Bucket: "b" }).issues, [
        { path: [], message: `missing required parameter "Key" for GetObject` }
      ])
      assert.deepStrictEqual(Catalog.normalizeParameters(get("DeleteObjects"), { bucket: "b", delete: {} }).issues, [
        { path: ["delete"], message: `missing required parameter "Delete.Objects" for DeleteObjects` }
      ])
    })

    it("reports wrong types", () => {
      const result = Catalog.normalizeParameters(get("ListObjectsV2"), {
        bucket: "b",
        "max-keys": "ten",
        FetchOwner: "yes",
        StartAfter: 3
      })
      // a number or boolean as text is read as one (env values are text), as templates are at run time
      assert.deepStrictEqual(
        Catalog.normalizeParameters(get("ListObjectsV2"), { Bucket: "b", MaxKeys: "10", FetchOwner: "false" }),
        { parameters: { Bucket: "b", MaxKeys: 10, FetchOwner: false }, issues: [] }
      )
      assert.deepStrictEqual(result.issues, [
        { path: ["max-keys"], message: `expected a number for "MaxKeys", got string` },
        { path: ["FetchOwner"], message: `expected a boolean for "FetchOwner", got string` },
        { path: ["StartAfter"], message: `expected a string for "StartAfter", got number` }
      ])
      const nested = Catalog.normalizeParameters(get("DeleteObjects"), {
        Bucket: "b",
        Delete: { Objects: [{ Key: "a", Size: "big" }, "c"] }
      })
      assert.deepStrictEqual(nested.issues, [
        { path: ["Delete", "Objects", 0, "Size"], message: `expected a number for "Delete.Objects[0].Size", got string` },
        { path: ["Delete", "Objects", 1], message: `expected an object for "Delete.Objects[1]", got string` }
      ])
      const list = Catalog.normalizeParameters(get("GetObjectAttributes"), {
        Bucket: "b",
        Key: "k",
        ObjectAttributes: "ETag"
      })
      assert.deepStrictEqual(list.issues, [
        { path: ["ObjectAttributes"], message: `expected a list for "ObjectAttributes", got string` }
      ])
      const timestamp = Catalog.normalizeParameters(get("PutObject"), { Bucket: "b", Key: "k", Expires: "tomorrow" })
      assert.deepStrictEqual(timestamp.issues, [
        { path: ["Expires"], message: `expected an ISO-8601 timestamp for "Expires", got "tomorrow"` }
      ])
      const nil = Catalog.normalizeParameters(get("GetObject"), { Bucket: "b", Key: null })
      assert.deepStrictEqual(nil.issues, [{ path: ["Key"], message: `expected a string for "Key", got null` }])
    })

    it("reports a parameter written twice", () => {
      const result = Catalog.normalizeParameters(get("PutObject"), {
        Bucket: "b",
        Key: "k",
        ContentType: "a",
        "content-type": "b"
      })
      assert.deepStrictEqual(result.issues, [{
        path: ["content-type"],
        message: `parameter "ContentType" is given twice for PutObject (as "ContentType" and "content-type")`
      }])
    })

    it("accepts templates for any scalar", () => {
      const result = Catalog.normalizeParameters(get("PutObject"), {
        Bucket: "${{ env.BUCKET }}",
        Key: "k-${{ run.id }}",
        ContentLength: "${{ steps.size }}",
        BucketKeyEnabled: "${{ vars.bke }}",
        Expires: "${{ now }}",
        Body: "${{ steps.get.outputs.body }}"
      })
      assert.deepStrictEqual(result.issues, [])
      assert.strictEqual(result.parameters["ContentLength"], "${{ steps.size }}")
      const structure = Catalog.normalizeParameters(get("DeleteObjects"), { Bucket: "b", Delete: "${{ x }}" })
      assert.deepStrictEqual(structure.issues.map((issue) => issue.path), [["Delete"]])
    })

    it("accepts timestamps and blobs in their forms", () => {
      const putObject = get("PutObject")
      for (
        const expires of ["2030-01-01", "2030-01-01T00:00:00Z", "2030-01-01T10:20:30.123+02:00", new Date(0)]
      ) {
        const result = Catalog.normalizeParameters(putObject, { Bucket: "b", Key: "k", Expires: expires })
        assert.deepStrictEqual(result.issues, [], String(expires))
      }
      for (const body of ["hello", { base64: "aGVsbG8=" }, { generate: { size: "1MiB" } }, new Uint8Array(2)]) {
        const result = Catalog.normalizeParameters(putObject, { Bucket: "b", Key: "k", Body: body })
        assert.deepStrictEqual(result.issues, [], JSON.stringify(body))
      }
      assert.deepStrictEqual(
        Catalog.normalizeParameters(putObject, { Bucket: "b", Key: "k", Body: [1, 2] }).issues,
        [{ path: ["Body"], message: `expected a string or an object for "Body", got list` }]
      )
    })

    it("checks declared enum values", () => {
      const catalog = Catalog.make([{
        name: "PutMood",
        kebabName: "put-mood",
        source: "@s3tester/plugin-mood",
        parameters: [{ name: "Mood", type: "string", required: true, values: ["Happy", "Grumpy"] }],
        run: () => undefined
      }])
      const operation = Catalog.lookup(catalog, "put_mood")!
      assert.deepStrictEqual(Catalog.normalizeParameters(operation, { mood: "Happy" }).issues, [])
      assert.deepStrictEqual(Catalog.normalizeParameters(operation, { mood: "Hapy" }).issues, [{
        path: ["mood"],
        message: `expected one of "Happy", "Grumpy" for "Mood", got "Hapy"; did you mean "Happy"?`
      }])
      assert.deepStrictEqual(Catalog.normalizeParameters(operation, { mood: "${{ vars.mood }}" }).issues, [])
    })
  })

  describe("toSdkInput", () => {
    it("converts timestamps, blobs and resolved scalars", () => {
      const input = Catalog.toSdkInput(get("PutObject"), {
        Bucket: "b",
        Key: "k",
        Body: "hello",
        Expires: "2030-01-02T03:04:05Z",
        ContentLength: "5",
        BucketKeyEnabled: "true",
        Metadata: { a: "1" }
      })
      assert.instanceOf(input["Expires"], Date)
      assert.strictEqual((input["Expires"] as Date).toISOString(), "2030-01-02T03:04:05.000Z")
      assert.strictEqual(input["Body"], "hello")
      assert.strictEqual(input["ContentLength"], 5)
      assert.strictEqual(input["BucketKeyEnabled"], true)
      assert.deepStrictEqual(input["Metadata"], { a: "1" })

      const bytes = Catalog.toSdkInput(get("PutObject"), { Bucket: "b", Key: "k", Body: { base64: "aGk=" } })
      assert.deepStrictEqual(bytes["Body"], new Uint8Array([104, 105]))

      const nested = Catalog.toSdkInput(get("DeleteObjects"), {
        Bucket: "b",
        Delete: { Objects: [{ Key: "a", LastModifiedTime: "2020-01-01T00:00:00Z", Size: "3" }] }
      })
      assert.deepStrictEqual(nested, {
        Bucket: "b",
        Delete: { Objects: [{ Key: "a", LastModifiedTime: new Date("2020-01-01T00:00:00Z"), Size: 3 }] }
      })
    })

    it("takes other spellings of a member's name as the member", () => {
      const input = Catalog.toSdkInput(get("PutObject"), { bucket: "b", "content-length": "5", Key: "k", Other: "x" })
      assert.deepStrictEqual(input, { Bucket: "b", ContentLength: 5, Key: "k", Other: "x" })
    })
  })

  describe("make", () => {
    const plugin: Catalog.PluginOperation<() => string> = {
      name: "PutRandomObjects",
      kebabName: "put-random-objects",
      source: "@s3tester/plugin-random",
      parameters: [
        { name: "Bucket", type: "string", required: true },
        { name: "Count", type: "number", required: false }
      ],
      run: () => "ran"
    }

    it("adds plugin operations to the built-in ones", () => {
      const catalog = Catalog.make([plugin])
      assert.strictEqual(catalog.operations.size, Catalog.builtIn.operations.size + 1)
      assert.strictEqual(Catalog.lookup(catalog, "put-random-objects"), plugin)
      assert.strictEqual(Catalog.lookup(catalog, "PutObject"), Catalog.lookup(Catalog.builtIn, "PutObject"))
      assert.strictEqual(Catalog.suggest(catalog, "PutRandomObject"), "PutRandomObjects")
      assert.isFalse(Catalog.isBuiltIn(plugin))
      assert.isTrue(Catalog.isPluginOperation(plugin))
      assert.isFalse(Catalog.isPluginOperation(get("PutObject")))
      assert.strictEqual(Catalog.command(plugin), undefined)
      assert.strictEqual(Catalog.lookup(Catalog.builtIn, "PutRandomObjects"), undefined)
      assert.deepStrictEqual(Catalog.normalizeParameters(plugin, { bucket: "b", count: 3 }), {
        parameters: { Bucket: "b", Count: 3 },
        issues: []
      })
    })

    it("rejects clashing names", () => {
      assert.throws(() => Catalog.make([{ ...plugin, name: "put_object", kebabName: "put-object" }]), /clashes/)
      assert.throws(() => Catalog.make([plugin, { ...plugin }]), /clashes/)
      assert.throws(() => Catalog.make([{ ...plugin, source: "built-in" }]), /built-in/)
    })
  })

  describe("describe", () => {
    it("lists parameters with types, nested ones included", () => {
      const description = Catalog.describe(get("DeleteObjects"))
      assert.strictEqual(description.name, "DeleteObjects")
      assert.strictEqual(description.kebabName, "delete-objects")
      assert.strictEqual(description.source, "built-in")
      const rows = new Map(description.parameters.map((row) => [row.path, row]))
      assert.deepStrictEqual(rows.get("Bucket"), {
        path: "Bucket",
        name: "Bucket",
        kebabName: "bucket",
        type: "string",
        typeName: "string",
        required: true,
        depth: 0
      })
      assert.strictEqual(rows.get("Delete.Objects")?.typeName, "list<structure>")
      assert.strictEqual(rows.get("Delete.Objects[].Key")?.required, true)
      assert.strictEqual(rows.get("Delete.Objects[].Key")?.depth, 2)
      assert.strictEqual(rows.get("Delete.Objects[].LastModifiedTime")?.type, "timestamp")
      assert.strictEqual(rows.get("ChecksumAlgorithm")?.kebabName, "checksum-algorithm")
      const lines = Catalog.describeLines(get("DeleteObjects"))
      assert.strictEqual(lines[0], "DeleteObjects (delete-objects, built-in)")
      assert.include(lines, "      Key: string (required)")
    })
  })
})
