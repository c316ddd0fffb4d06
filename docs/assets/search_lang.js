// Each language has its own search index (see docs_tooling/search_split.py). Material fetches
// "search/search_index.json" below the site root; on a page of a secondary language, fetch that
// language's index instead. Loaded before Material's bundle, so the first fetch is already redirected.
(function () {
  var lang = document.documentElement.lang;
  if (!lang || lang === "zh") return;
  var original = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : resource && resource.url;
    if (url && /\/search\/search_index\.json$/.test(url) && url.indexOf("/" + lang + "/search/") === -1) {
      resource = url.replace(/\/search\/search_index\.json$/, "/" + lang + "/search/search_index.json");
    }
    return original(resource, init);
  };
})();
