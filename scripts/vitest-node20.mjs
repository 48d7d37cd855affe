// vitest 5 prints failed tests with Map.groupBy, which Node 20 lacks: without it, a failing test
// ends in "Map.groupBy is not a function" and its summary line ("Tests 1 failed | ...") is never
// printed. Imported by every vitest.config.ts (the main process, where the reporter runs).
if (typeof Map.groupBy !== "function") {
  Map.groupBy = (items, keyOf) => {
    const groups = new Map()
    let index = 0
    for (const item of items) {
      const key = keyOf(item, index++)
      const group = groups.get(key)
      if (group === undefined) groups.set(key, [item])
      else group.push(item)
    }
    return groups
  }
}
