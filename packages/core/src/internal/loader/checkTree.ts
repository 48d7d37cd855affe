/**
 * The passes on a merged tree once its catalog is known, in order: template checks, operation names
 * and parameters, bodies, cross-references, the default credential. Loader.ts runs them on a whole
 * file, loadChunked.ts on each piece of a large one.
 */
import type * as Catalog from "../../Catalog.ts"
import { checkTemplates } from "../template/templateCheck.ts"
import type { Report } from "./normalize.ts"
import { normalizeBodies } from "./normalizeBodies.ts"
import { applyDefaultCredential, checkReferences, resolveOperations } from "./normalizeTree.ts"
import type { MapNode } from "./yamlTree.ts"

/**
 * The tree to decode. `complete: false` (a file could not be read or parsed) skips the checks that
 * would only report consequences of that first problem.
 */
export const checkTree = (tree: MapNode, catalog: Catalog.Catalog, report: Report, complete: boolean): MapNode => {
  if (complete) checkTemplates(tree, catalog, report)
  const resolved = normalizeBodies(resolveOperations(tree, catalog, report), catalog, report)
  if (complete) checkReferences(resolved, report)
  return applyDefaultCredential(resolved)
}
