// Each language has its own search index (see docs_tooling/build/search_split.py). Material requests
// "search/search_index.json" below the site root; on a page of a secondary language, request that
// language's index instead. Material 9 loads the index with XMLHttpRequest (fetch is covered too, in
// case a later release switches). Loaded before Material's bundle, so the first request is already
// redirected.
(function () {
  var lang = document.documentElement.lang;
  if (!lang || lang === "zh") return;
  var index = /\/search\/search_index\.json$/;
  function redirect(url) {
    return index.test(url) && url.indexOf("/" + lang + "/search/") === -1
      ? url.replace(index, "/" + lang + "/search/search_index.json")
      : url;
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    args[1] = redirect(String(url));
    return open.apply(this, args);
  };
  var fetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : resource && resource.url;
    return fetch(url && redirect(url) !== url ? redirect(url) : resource, init);
  };
})();
