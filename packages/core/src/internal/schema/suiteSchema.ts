/**
 * The JSON Schema of a suite file (`schema/suite.schema.json`), for editors (yaml-language-server):
 * generated from the {@link Suite.Suite} Schema and the operation catalog, then adjusted to accept
 * exactly what the loader accepts in a file (internal/loader/normalize.ts, normalizeTree.ts):
 *
 * - the hyphenated spelling of every key (`before-test`), `x-` extension keys, `include:`, and an
 *   empty `parameters:`/`expected_result:`/`tags:`/phase meaning the default;
 * - a group names itself with `name` or with a check `id`;
 * - nothing is required at the top: a file may be one that others include (credentials, groups);
 * - a step's `operation` selects its `parameters` schema (if/then on the operation's name in every
 *   spelling the catalog folds together); an operation not in the catalog given here has open
 *   parameters, and is an error unless the file lists `plugins:` (which may contribute it).
 *
 * What only the loader can check stays there: references (credentials, unique names and ids),
 * templates' roots, files named by `include`, `file://` and `ca_bundle`, the environment.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import type * as JsonSchema from "effect/JsonSchema"
import * as Catalog from "../../Catalog.ts"
import * as Suite from "../../Suite.ts"
import { Generated } from "../body/bodySchema.ts"
import { rootShape, type Shape } from "../loader/normalize.ts"
import { asPluginEntry, catalogOf } from "../plugin/pluginCatalog.ts"
import { utilities } from "../plugin/pluginUtilities.ts"
import { ParameterSchemas, refs, spellingPattern } from "./parameterSchema.ts"

type Json = JsonSchema.JsonSchema

const phases = ["before_test", "test", "after_test"] as const

const generate = (schema: Schema.Top): JsonSchema.Document<"draft-2020-12"> =>
  Schema.toJsonSchemaDocument(schema, { onExcessProperty: "error", generateDescriptions: true })

const object = (value: unknown): Json => value as Json

const properties = (node: Json): Record<string, Json> => node["properties"] as Record<string, Json>

/** `#/$defs/step` -> `step` */
const definitionName = (ref: string): string => ref.slice("#/$defs/".length)

/** The loader's per-file key rules, applied along its shapes; `pointer` is where `node` is in the document. */
const applyShape = (
  node: Json,
  shape: Shape,
  pointer: string,
  resolve: (ref: string) => Json,
  done = new Set<Json>()
): void => {
  if (done.has(node)) return // a definition reached again (the step of each phase)
  done.add(node)
  const props = properties(node)
  for (const [key, child] of Object.entries(shape.maps ?? {})) {
    // the key's schema is wrapped below when it may be empty
    const wrapped = shape.emptyMeansDefault?.includes(key) === true ? "/anyOf/0" : ""
    applyShape(props[key]!, child, `${pointer}/properties/${key}${wrapped}`, resolve, done)
  }
  for (const [key, child] of Object.entries(shape.lists ?? {})) {
    const items = object(props[key]!["items"])
    const target = items["$ref"]
    if (typeof target === "string") applyShape(resolve(target), child, target, resolve, done)
    else applyShape(items, child, `${pointer}/properties/${key}/items`, resolve, done)
  }
  for (const key of shape.emptyMeansDefault ?? []) {
    props[key] = { anyOf: [props[key]!, { type: "null" }] }
  }
  const patternProperties: Record<string, Json> = { "^x-": { description: "an extension key (ignored)" } }
  for (const key of shape.keys) {
    if (!key.includes("_") || !(key in props)) continue
    patternProperties[`^${key.replace(/_/g, "-")}$`] = { $ref: `${pointer}/properties/${key}` }
  }
  node["patternProperties"] = patternProperties
}

/** The member schemas of a plugin operation's own Schema (without references: scalars' checks). */
const ownSchemas = (operation: Catalog.OperationInfo): Record<string, Json> => {
  const entry = asPluginEntry(operation)
  if (entry === undefined) return {}
  const own = properties(generate(entry.run.parameters).schema) ?? {}
  return Object.fromEntries(Object.entries(own).filter(([, schema]) => !JSON.stringify(schema).includes("$ref")))
}

/**
 * `WaitUntil` (pluginUtilities.ts) repeats the operation its `Operation` names with its `Parameters`:
 * those follow that operation's schema, as the utility's own check does.
 */
const nestOperations = (catalog: Catalog.Catalog, parameterSchemas: ParameterSchemas): void => {
  const waitUntil = catalog.operations.get("WaitUntil")
  if (waitUntil === undefined) return
  const definition = parameterSchemas.definitions[definitionName(parameterSchemas.structure(waitUntil).$ref)]!
  const operationKey = spellingPattern("Operation")
  const parametersKey = spellingPattern("Parameters")
  const nested = [...catalog.operations.values()].filter((operation) => operation !== waitUntil).map((operation) => ({
    if: {
      patternProperties: { [operationKey]: { pattern: spellingPattern(operation.name) } },
      not: { propertyNames: { not: { pattern: operationKey } } }
    },
    then: { patternProperties: { [parametersKey]: parameterSchemas.structure(operation) } }
  }))
  definition["allOf"] = [...(definition["allOf"] as ReadonlyArray<Json> | undefined ?? []), ...nested]
}

/**
 * The suite JSON Schema for the operations of `catalog` (default: the built-in ones and the core's
 * utilities, `Sleep`, `WaitUntil`, `EmptyBucket`, `DeleteBucketIfExists`).
 */
export const suiteJsonSchema = (catalog: Catalog.Catalog = catalogOf([utilities])): Json => {
  const root = structuredClone(generate(Suite.Suite).schema)
  const group = object(object(properties(properties(root)["test_cases"]!)["groups"])["items"])
  const step = object(object(properties(group)["test"])["items"])
  for (const phase of phases) properties(group)[phase] = { type: "array", items: { $ref: "#/$defs/step" } }
  properties(properties(root)["test_cases"]!)["groups"] = { type: "array", items: { $ref: "#/$defs/group" } }
  const definitions: Record<string, Json> = { group, step }
  applyShape(root, rootShape, "#", (target) => definitions[definitionName(target)]!)

  // a file may be one that others include: config, test_cases and credentials may come from them
  delete root["required"]
  delete properties(root)["config"]!["required"]
  // a check (`id`) needs no name: the loader names the group after it
  delete group["required"]
  group["anyOf"] = [{ required: ["name"] }, { required: ["id"] }]
  properties(root)["include"] = {
    description: "Suite files merged before this one (paths relative to this file).",
    anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "null" }]
  }

  const operations = [...catalog.operations.values()]
  const parameterSchemas = new ParameterSchemas()
  properties(step)["operation"] = {
    type: "string",
    description: "The operation: PutObject, put-object... (`s3tester operations` lists them).",
    examples: Catalog.names(catalog)
  }
  step["allOf"] = operations.map((operation) => ({
    if: { properties: { operation: { pattern: spellingPattern(operation.name) } }, required: ["operation"] },
    then: { properties: { parameters: parameterSchemas.operation(operation, ownSchemas(operation)) } }
  }))

  nestOperations(catalog, parameterSchemas)

  // without `plugins:`, nothing can add operations (but `--plugin`): an unknown one is a typo
  const knownStep = { items: { properties: { operation: { $ref: "#/$defs/knownOperation" } } } }
  root["allOf"] = [{
    if: { not: { required: ["plugins"] } },
    then: {
      patternProperties: {
        "^test[-_]cases$": {
          properties: {
            groups: { items: { patternProperties: { "^(?:before[-_]test|test|after[-_]test)$": knownStep } } }
          }
        }
      }
    }
  }]

  const streamingBody = generate(Schema.Union([Schema.String, Schema.Struct({ base64: Schema.String }), Generated]))
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "s3tester suite",
    description:
      "An s3tester suite file (or a file that suites include). Generated from @s3tester/core's Suite schema and operation catalog.",
    ...root,
    $defs: {
      ...definitions,
      knownOperation: {
        pattern: `^(?:${operations.map((operation) => spellingPattern(operation.name).slice(1, -1)).join("|")})$`,
        patternErrorMessage:
          "Unknown operation (see `s3tester operations`); a plugin's operations need `plugins:` in the file."
      },
      template: { type: "string", pattern: "\\$\\{\\{", description: "a ${{ ... }} template, resolved when the step runs" },
      [definitionName(refs.streamingBody)]: {
        description: "A body: a string, file://path, { base64 } or { generate: { size, seed } }.",
        ...streamingBody.schema
      },
      ...streamingBody.definitions,
      ...parameterSchemas.definitions
    }
  }
}
