// Makes the shipped JavaScript parse as ES2019 (WeChat's Android XWeb is about
// Chrome 78: no `?.`, no `??`, and acorn's ES2019 has no `import.meta`), then
// proves it with a real parser. Fails the build if anything newer remains.
//   node tools/es2019.mjs dist/pkg/anyang_policy.js dist/boot.js
import fs from 'node:fs';
import * as acorn from 'acorn';

// Known constructs of wasm-bindgen's glue, rewritten to their ES2019 equivalents.
const rewrites = [
  ["/\\[object ([^\\]]+)\\]/.exec(toStringOutput)?.[1]", "(/\\[object ([^\\]]+)\\]/.exec(toStringOutput) || [])[1]"],
  // Only used when init() is given no path; boot.js always gives one.
  ["new URL('anyang_policy_bg.wasm', import.meta.url)", "new URL('pkg/anyang_policy_bg.wasm', document.baseURI)"],
];

let failed = false;
for (const file of process.argv.slice(2)) {
  let text = fs.readFileSync(file, 'utf8');
  for (const [from, to] of rewrites) text = text.split(from).join(to);
  fs.writeFileSync(file, text);
  try {
    acorn.parse(text, { ecmaVersion: 2019, sourceType: 'module' });
    console.error(`ES2019 ok: ${file}`);
  } catch (e) {
    const line = text.split('\n')[e.loc.line - 1] || '';
    console.error(`not ES2019: ${file}:${e.loc.line}:${e.loc.column}: ${e.message}\n  ${line.trim().slice(0, 160)}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
