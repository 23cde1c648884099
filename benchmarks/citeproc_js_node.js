// citeproc-js under node, for benchmarks/citeproc_js.py and render_bib.py: stock citeproc-js (the
// vendored citeproc_commonjs.js, without refkit's bridge.js patches).
//   node citeproc_js_node.js REQUEST.json [OUT.html]
// REQUEST.json = {items, style, locales}; OUT.html, if given, gets the bibliography's entries.
// Prints {load, parse, build, update, bibliography, render, entries} in seconds: load = require of the
// vendored file, parse = reading + JSON.parse of the request, build = new CSL.Engine (style build),
// update = updateItems, bibliography = makeBibliography, render = build + update + bibliography.
"use strict";
const fs = require("fs");
const path = require("path");
const seconds = (a, b) => Number(b - a) / 1e9;
const t0 = process.hrtime.bigint();
const CSL = require(path.join(__dirname, "..", "refkit", "render", "citeproc_js", "vendor", "citeproc_commonjs.js"));
const t1 = process.hrtime.bigint();
const req = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const t2 = process.hrtime.bigint();
const byId = Object.fromEntries(req.items.map((item) => [item.id, item]));
const sys = { retrieveItem: (id) => byId[id], retrieveLocale: (lang) => req.locales[lang] || false };
const engine = new CSL.Engine(sys, req.style, "en-US", false);
engine.setOutputFormat("html");
const t3 = process.hrtime.bigint();
engine.updateItems(req.items.map((item) => item.id));
const t4 = process.hrtime.bigint();
const bib = engine.makeBibliography();
const t5 = process.hrtime.bigint();
if (process.argv[3]) fs.writeFileSync(process.argv[3], bib[0].bibstart + bib[1].join("") + bib[0].bibend);
console.log(JSON.stringify({
  load: seconds(t0, t1), parse: seconds(t1, t2), build: seconds(t2, t3), update: seconds(t3, t4),
  bibliography: seconds(t4, t5), render: seconds(t2, t5), entries: bib[1].length,
}));
