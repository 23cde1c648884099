// The reference for tests/render/test_citeproc_js.py: the same vendored citeproc_commonjs.js under
// node, written apart from bridge.js. Reads one JSON request on stdin:
//   {items, style, locale, forceLocale, output, locales: {tag: xml}, clusters: [[cite...]] | null}
// and prints {citations, bibliography: {params, entries} | null}.
"use strict";
const path = require("path");
const CSL = require(path.join(__dirname, "..", "..", "refkit", "render", "citeproc_js", "vendor",
                              "citeproc_commonjs.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const byId = Object.fromEntries(req.items.map((item) => [item.id, item]));
  const sys = {
    retrieveItem: (id) => byId[id],
    retrieveLocale: (lang) => req.locales[lang] || false,
  };
  const engine = new CSL.Engine(sys, req.style, req.locale, req.forceLocale);
  engine.setOutputFormat(req.output);
  const out = { citations: null, bibliography: null };
  if (req.clusters) {
    const texts = [];
    const pre = [];
    req.clusters.forEach((cites, i) => {
      const citation = { citationID: "c" + i, citationItems: cites, properties: { noteIndex: i + 1 } };
      const [, updates] = engine.processCitationCluster(citation, pre, []);
      for (const [index, text] of updates) texts[index] = text;
      pre.push([citation.citationID, i + 1]);
    });
    out.citations = texts;
  } else {
    engine.updateItems(req.items.map((item) => item.id));
  }
  const bib = engine.makeBibliography();
  if (bib) out.bibliography = { params: bib[0], entries: bib[1] };
  process.stdout.write(JSON.stringify(out));
});
