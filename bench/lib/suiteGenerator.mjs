// Generated suites for the start-up and validation benches: `steps` steps in groups of 25 (a
// CreateBucket before_test, PutObject/GetObject pairs with expectations and templates, a
// DeleteObject/DeleteBucket after_test), the kind of file a real suite is made of. Without
// `expectBodies`, GetObject expects only success (a stub server's body is not the one put).
export const suiteYaml = (steps, { endpoint = "http://127.0.0.1:9", expectBodies = true } = {}) => {
  const lines = [
    "config:",
    `  endpoint_url: ${endpoint}`,
    "  region: us-east-1",
    "  path_style: true",
    "  credentials:",
    "    - name: main",
    "      access_key: bench",
    "      secret_key: bench-secret",
    "test_cases:",
    "  parallel: true",
    "  groups:"
  ]
  let left = steps
  for (let g = 0; left > 0; g++) {
    const bucket = `bench-${g}`
    lines.push(
      `    - name: group-${g}`,
      "      credential: main",
      "      vars: { prefix: data }",
      "      before_test:",
      "        - operation: CreateBucket",
      `          parameters: { Bucket: ${bucket} }`
    )
    left -= 1
    const inTest = Math.max(0, Math.min(left - 2, 22))
    if (inTest > 0) lines.push("      test:")
    for (let s = 0; s < inTest; s++) {
      const key = `\${{ vars.prefix }}/object-${s >> 1}.txt`
      if (s % 2 === 0) {
        lines.push(
          "        - operation: PutObject",
          `          parameters: { Bucket: ${bucket}, Key: "${key}", Body: "hello ${s}", ContentType: text/plain }`
        )
      } else {
        lines.push(
          "        - operation: GetObject",
          `          parameters: { Bucket: ${bucket}, Key: "${key}" }`,
          ...(expectBodies ? ["          expected_result:", "            success: true", `            body: { text: "hello ${s - 1}" }`] : [])
        )
      }
    }
    left -= inTest
    const after = Math.min(left, 2)
    if (after > 0) lines.push("      after_test:")
    if (after > 1) lines.push("        - operation: DeleteObject", `          parameters: { Bucket: ${bucket}, Key: "\${{ vars.prefix }}/object-0.txt" }`)
    if (after > 0) lines.push("        - operation: DeleteBucket", `          parameters: { Bucket: ${bucket} }`)
    left -= after
  }
  return lines.join("\n") + "\n"
}
