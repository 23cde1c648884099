// The glue between refkit (Python, through mini-racer) and citeproc-js: one JSON request in, one
// JSON answer out. citeproc-js calls sys.retrieveItem / sys.retrieveLocale synchronously, so
// items arrive with the request and locales are preloaded with refkitCiteproc.addLocales: no
// callbacks into Python. Loaded after citeproc_commonjs.js, which left CSL in module.exports.
var refkitCiteproc = (function () {
  "use strict";
  var CSL = module.exports;
  var locales = {};  // locale XML by tag ("en-US"), as Python gave it
  var warnings = [];  // what citeproc-js printed with CSL.debug (console.log) during a request

  // Building an engine looks every macro up by walking the whole style tree, once per use: 0.6 s
  // of APA's 0.65 s. CSL allows macros only as children of <style>, so a lookup from the root
  // checks those children -- the same nodes, found in the same order, without the walk.
  var walk = CSL.XmlJSON.prototype.getNodesByName;
  CSL.XmlJSON.prototype.getNodesByName = function (node, name, nameattrval, ret) {
    if (name === "macro" && nameattrval && !ret && node && node.name === "style" && node.children) {
      var found = [];
      for (var i = 0; i < node.children.length; i += 1) {
        var child = node.children[i];
        if (child && typeof child === "object" && child.name === "macro" && child.attrs &&
            child.attrs.name === nameattrval) {
          found.push(child);
        }
      }
      return found;
    }
    return walk.call(this, node, name, nameattrval, ret);
  };

  function say() { warnings.push(Array.prototype.join.call(arguments, " ")); }
  globalThis.console = { log: say, warn: say, error: say, info: say };

  function message(exc) {
    return String(exc && exc.message !== undefined ? exc.message : exc);
  }

  function makeEngine(request, itemsById) {
    var sys = {
      retrieveItem: function (id) { return itemsById[id]; },
      // false makes citeproc-js fall back to the base language, then en-US
      retrieveLocale: function (lang) { return locales[lang] || false; }
    };
    var engine = new CSL.Engine(sys, request.style, request.locale, request.forceLocale);
    engine.setOutputFormat(request.output);  // Python checked it against formats()
    return engine;
  }

  // Ids whose item makes makeBibliography throw, each tried alone (only after a whole run failed).
  function badItems(request, itemsById, ids) {
    var bad = [];
    ids.forEach(function (id) {
      try {
        var engine = makeEngine(request, itemsById);
        engine.updateItems([id]);
        engine.makeBibliography();
      } catch (exc) {
        bad.push({ id: id, message: message(exc) });
      }
    });
    return bad;
  }

  // ids: the items to list; the registry already holds them when citations were processed first.
  function bibliography(engine, request, itemsById, ids) {
    var failed = [];
    var result;
    try {
      if (!request.clusters) { engine.updateItems(ids); }
      result = engine.makeBibliography();
    } catch (exc) {
      failed = badItems(request, itemsById, ids);
      if (!failed.length) { throw exc; }
      var skip = {};
      failed.forEach(function (f) { skip[f.id] = true; });
      engine = makeEngine(request, itemsById);
      engine.updateItems(ids.filter(function (id) { return !skip[id]; }));
      result = engine.makeBibliography();
    }
    if (result === false) { return null; }  // the style has no <bibliography>
    return { params: result[0], entries: result[1], failed: failed };
  }

  // Clusters in document order, one footnote each (noteIndex i + 1) so note styles can say
  // "ibid"; a later cluster may change an earlier one (2023 -> 2023a), so keep the latest text.
  function citations(engine, clusters) {
    var texts = [];
    var before = [];
    clusters.forEach(function (cites, i) {
      var citation = {
        citationID: "refkit-" + i,
        citationItems: cites,
        properties: { noteIndex: i + 1 }
      };
      var updates = engine.processCitationCluster(citation, before, [])[1];
      updates.forEach(function (update) { texts[update[0]] = update[1]; });
      before.push([citation.citationID, i + 1]);
    });
    return texts;
  }

  function render(requestJson) {
    var request = JSON.parse(requestJson);
    warnings = [];
    var itemsById = {};
    request.items.forEach(function (item) { itemsById[item.id] = item; });
    var engine;
    try {
      engine = makeEngine(request, itemsById);
    } catch (exc) {
      return JSON.stringify({ styleError: message(exc), warnings: warnings });
    }
    var answer = { warnings: warnings, citations: null, bibliography: null };
    if (request.uncited && request.uncited.length) {
      // the rest of the set: in the bibliography and in disambiguation, as Zotero's uncited items
      engine.updateUncitedItems(request.uncited);
    }
    if (request.clusters) {
      answer.citations = citations(engine, request.clusters);
    }
    if (request.bibliography) {
      // after citations: the bibliography of the cited items, as the document disambiguated them
      var ids = request.clusters ? engine.registry.getSortedIds()
                                 : request.items.map(function (item) { return item.id; });
      answer.bibliography = bibliography(engine, request, itemsById, ids);
    }
    return JSON.stringify(answer);
  }

  return {
    addLocales: function (map) { Object.assign(locales, map); return Object.keys(locales).length; },
    loadedLocales: function () { return Object.keys(locales); },
    formats: function () { return Object.keys(Object.getPrototypeOf(CSL.Output.Formats)); },
    version: function () { return CSL.PROCESSOR_VERSION; },
    render: render
  };
})();
