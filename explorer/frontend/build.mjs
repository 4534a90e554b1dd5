// Copy the browser builds of the npm packages into explorer/editor/vendor/, with their licences.
// Run by scripts/setup.sh after `npm ci`; the explorer serves these files itself (nothing is
// fetched from a CDN), and the browser test injects axe-core from here.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "..", "editor", "vendor");
mkdirSync(vendor, { recursive: true });

const files = [
  ["@zazuko/yasgui/build/yasgui.min.js", "yasgui.min.js"],
  ["@zazuko/yasgui/build/yasgui.min.css", "yasgui.min.css"],
  ["@zazuko/yasgui/LICENSE", "LICENSE-yasgui.txt"],
  ["axe-core/axe.min.js", "axe.min.js"],
  ["axe-core/LICENSE", "LICENSE-axe-core.txt"],
];
const versions = {};
for (const [from, to] of files) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    if (to.startsWith("LICENSE")) continue; // a package without a LICENSE file: its package.json states it
    throw new Error(`missing ${source}: run npm ci first`);
  }
  copyFileSync(source, join(vendor, to));
}
for (const name of ["@zazuko/yasgui", "@zazuko/yasqe", "@zazuko/yasr", "axe-core"]) {
  const pkg = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
  versions[name] = { version: pkg.version, license: pkg.license };
}
writeFileSync(join(vendor, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`explorer/editor/vendor: ${files.length} files (${Object.entries(versions).map(([k, v]) => `${k} ${v.version}`).join(", ")})`);
