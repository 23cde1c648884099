// citeproc-js under node, for benchmarks/citeproc_js.py: argv[2] = a JSON file {items, style, locales};
// prints {load, render, entries} (seconds; load = require of the vendored file).
"use strict";
const fs = require("fs");
const path = require("path");
const t0 = process.hrtime.bigint();
const CSL = require(path.join(__dirname, "..", "refkit", "render", "citeproc_js", "vendor", "citeproc_commonjs.js"));
const t1 = process.hrtime.bigint();
const req = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const t2 = process.hrtime.bigint();
const byId = Object.fromEntries(req.items.map((item) => [item.id, item]));
const sys = { retrieveItem: (id) => byId[id], retrieveLocale: (lang) => req.locales[lang] || false };
const engine = new CSL.Engine(sys, req.style, "en-US", false);
engine.setOutputFormat("html");
engine.updateItems(req.items.map((item) => item.id));
const bib = engine.makeBibliography();
const t3 = process.hrtime.bigint();
console.log(JSON.stringify({ load: Number(t1 - t0) / 1e9, render: Number(t3 - t2) / 1e9, entries: bib[1].length }));
