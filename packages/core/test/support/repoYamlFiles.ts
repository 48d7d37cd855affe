/** Every YAML file of the repository (suites, examples, fixtures), for tests that run a pass over all of them. */
import { readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))

/** The `.yaml` files under `dir` (not in node_modules, dist or dot-directories). */
export const yamlFiles = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name.startsWith(".") || name === "dist") return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return name.endsWith(".yaml") ? [path] : []
  })
