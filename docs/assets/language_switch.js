// The language selector: go to the same page in the other language, at the same section.
// mkdocs-static-i18n already points each selector link at the page's translation; headings carry the
// same explicit ids in both languages, so the current #section is carried over too.
// Material's own language-switch integration is switched off: it fetches "sitemap.xml" below every
// <link rel="alternate" hreflang> URL (here, pages, so every page load logged two 404 errors) and,
// once it has a sitemap, sends readers to the other language's home page. The links stay in the
// HTML for crawlers; this script only hides them from Material. Loaded before Material's bundle.
(function () {
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (link) {
    link.remove();
  });
  function keepSection() {
    document.querySelectorAll(".md-select a[hreflang]").forEach(function (a) {
      a.href = a.href.split("#")[0] + location.hash;
    });
  }
  keepSection(); // the header is already parsed: this script sits at the end of <body>
  window.addEventListener("hashchange", keepSection);
})();
