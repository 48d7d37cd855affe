// Module resolution hooks (node:module `register`) of the bundled CLI: a module that a plugin or
// reporter imports from the very file the bundle holds (effect, @effect/platform-node,
// @s3tester/core, installed where the CLI finds them) resolves to the bundle's facade of it, so the
// CLI and its plugins share one copy. Anything else resolves as Node resolves it.
let facades = new Map()

export const initialize = (data) => {
  facades = new Map(data.facades)
}

export const resolve = async (specifier, context, next) => {
  const resolved = await next(specifier, context)
  const facade = facades.get(resolved.url)
  return facade === undefined ? resolved : { url: facade, format: "module", shortCircuit: true }
}
