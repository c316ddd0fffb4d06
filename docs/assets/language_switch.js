// The language selector: go to the same page in the other language, at the same place.
// mkdocs-static-i18n already points each selector link at the page's translation; headings carry the same explicit
// ids in both languages, and both languages' pages have the same blocks in each section (paragraphs, lists, code
// blocks, tables, boxes), so a place can be carried over:
// - the link gets the #section of the reader's place: the #section in the address while its target is still in
//   view (as before), else the heading at or nearest above the top of the window (the reading line, under the
//   header), none above the first heading. Without script on the other page, the browser still lands there.
// - on click, the place itself goes to sessionStorage: the section, the block of it at the reading line, the
//   block inside that (a list item, a table row, ...) as deep as blocks go, and how far into each (or, in the gap
//   above a block, how many pixels above it). The other page
//   puts the same spot at its reading line, following the same path as far as the blocks match, else the same
//   fraction of the section. It takes the place only if it was left for it, just now.
// Material's navigation.tracking (the address follows the section as one scrolls) is not used: it changes the
// address the reader copies on every scroll and would still only keep the section, not the place in it.
// Material's own language-switch integration is switched off: it fetches "sitemap.xml" below every
// <link rel="alternate" hreflang> URL (here, pages, so every page load logged two 404 errors) and,
// once it has a sitemap, sends readers to the other language's home page. The links stay in the
// HTML for crawlers; this script only hides them from Material. Loaded before Material's bundle.
(function () {
  "use strict";
  var KEY = "language-switch-place";
  var MAX_AGE_MS = 30000;
  var MAX_DEPTH = 8;

  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (link) {
    link.remove();
  });

  function links() { return document.querySelectorAll(".md-select a[hreflang]"); }
  function content() { return document.querySelector(".md-content article"); }
  function box(el) { return el.getBoundingClientRect(); }

  // The top of the window below the (sticky) header: where the reader reads.
  function readingLine() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, box(header).bottom) : 0;
  }

  // The article's children, in sections: before the first heading with an id (id ""), then one per such heading.
  function sections(root) {
    var list = [{ id: "", blocks: [] }];
    Array.prototype.forEach.call(root.children, function (el) {
      if (/^H[2-6]$/.test(el.tagName) && el.id) list.push({ id: el.id, blocks: [el] });
      else list[list.length - 1].blocks.push(el);
    });
    return list;
  }

  function shown(el) { var b = box(el); return b.height > 0 || b.width > 0; }
  function blockLevel(el) { return getComputedStyle(el).display.indexOf("inline") !== 0; }

  // Top and bottom of a section, in window coordinates: its first block's top to the next section's first top.
  function extent(list, index) {
    var first = list[index].blocks.filter(shown)[0];
    var next = list.slice(index + 1).map(function (s) { return s.blocks.filter(shown)[0]; }).filter(Boolean)[0];
    var last = list[index].blocks.filter(shown).slice(-1)[0];
    if (!first) return null;
    return { top: box(first).top, bottom: next ? box(next).top : box(last).bottom };
  }

  // The first of `elements` (shown, and block-level unless `any`) that ends below y, with its index.
  function at(elements, y, any) {
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (shown(el) && (any || blockLevel(el)) && box(el).bottom > y) return { index: i, el: el };
    }
    return null;
  }

  // The place at the reading line: {id, section: fraction of it, path: [{index, tag, fraction}, ...]}.
  function locate() {
    var root = content();
    if (!root) return null;
    var y = readingLine(), list = sections(root), found = null, sectionIndex = 0;
    for (var s = 0; s < list.length && !found; s++) {
      found = at(list[s].blocks, y, true);
      sectionIndex = s;
    }
    if (!found) return { id: list[list.length - 1].id, section: 1, path: [] };
    var span = extent(list, sectionIndex);
    var place = { id: list[sectionIndex].id, section: span ? (y - span.top) / Math.max(1, span.bottom - span.top) : 0, path: [] };
    for (var depth = 0; found && depth < MAX_DEPTH; depth++) {
      var b = box(found.el), step = { index: found.index, tag: found.el.tagName };
      // In the gap above a block (margins, the same in both languages): how far above it, in pixels; a fraction of
      // the block would land inside the block before it where the two languages' blocks differ in height.
      if (y < b.top) step.above = b.top - y;
      else step.fraction = (y - b.top) / Math.max(1, b.height);
      place.path.push(step);
      found = y < b.top ? null : at(found.el.children, y, false);
    }
    return place;
  }

  // Where the place is on this page, in window coordinates, or null when its section is not here.
  function find(place) {
    var root = content();
    if (!root) return null;
    var list = sections(root), index = -1;
    list.forEach(function (s, i) { if (s.id === place.id) index = i; });
    if (index < 0) return null;
    var el = null, children = list[index].blocks, last = null;
    for (var depth = 0; depth < place.path.length; depth++) {
      var step = place.path[depth], candidate = children[step.index];
      if (!candidate || candidate.tagName !== step.tag || !shown(candidate)) break;
      el = candidate;
      last = step;
      children = el.children;
    }
    if (el) {
      var b = box(el);
      return last.above !== undefined ? b.top - last.above : b.top + last.fraction * b.height;
    }
    var span = extent(list, index);
    return span ? span.top + place.section * (span.bottom - span.top) : null;
  }

  // The #section for the other language's link: the address's own while its target shows, else the place's.
  function section(place) {
    var id = "", target = null;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* a malformed #: as if none */ }
    target = id && document.getElementById(id);
    if (target) {
      var b = box(target);
      if (b.bottom > readingLine() && b.top < window.innerHeight) return id;
    }
    return place ? place.id : "";
  }

  function point(a, place) {
    var id = section(place);
    a.href = a.href.split("#")[0] + (id ? "#" + encodeURIComponent(id) : "");
  }

  var pending = false;
  function pointAll() {
    pending = false;
    var place = locate();
    links().forEach(function (a) { point(a, place); });
  }
  function later() {
    if (!pending) { pending = true; window.requestAnimationFrame(pointAll); }
  }

  function chosen(event) { return event.target.closest ? event.target.closest(".md-select a[hreflang]") : null; }

  // Following the link (click, or middle click for a new tab): the place goes with it.
  function leave(event) {
    var a = chosen(event);
    if (!a) return;
    var place = locate();
    point(a, place);
    if (!place) return;
    place.to = new URL(a.href).pathname;
    place.at = Date.now();
    try { sessionStorage.setItem(KEY, JSON.stringify(place)); } catch (e) { /* storage refused: the #section still leads there */ }
  }

  function arrive() {
    var place = null;
    try {
      place = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (place && (place.to === location.pathname || Date.now() - place.at > MAX_AGE_MS)) sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    if (!place || place.to !== location.pathname || Date.now() - place.at > MAX_AGE_MS) return;
    var y = find(place);
    if (y !== null) window.scrollBy({ top: y - readingLine(), left: 0, behavior: "instant" });
    pointAll();
  }

  pointAll(); // the header is already parsed: this script sits at the end of <body>
  window.addEventListener("hashchange", later);
  window.addEventListener("scroll", later, { passive: true });
  window.addEventListener("resize", later);
  document.addEventListener("click", leave, true);
  document.addEventListener("auxclick", leave, true);
  document.addEventListener("contextmenu", function (event) { var a = chosen(event); if (a) point(a, locate()); }, true);
  // After the whole page is laid out (the values panel, the last styles), so that positions are final.
  if (document.readyState === "complete") arrive();
  else window.addEventListener("load", function () { window.requestAnimationFrame(arrive); });
})();
