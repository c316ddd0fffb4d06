// Glossary tooltips. Each term mark, <a class="glossary-term" href=".../glossary/#id" title="definition"> (made by
// docs_tooling/build/glossary_marks.py), shows its definition and a link to its glossary entry:
//   - mouse: while the pointer rests on the term or on the tooltip; a click follows the term's link;
//   - touch: a tap opens it (a second tap closes it), tapping elsewhere closes it;
//   - keyboard: focusing the term opens it, Tab reaches its link, Escape closes it.
// Screen readers get the definition as the term's description (aria-describedby). Without JavaScript a term is a
// plain link to its entry, its definition in its title. Nothing is fetched: the definitions are in the page.
(function () {
  "use strict";
  var LINK_TEXT = { zh: "在术语表中查看", en: "Open in the glossary" };
  var SHOW_MS = 120, HIDE_MS = 300, MARGIN = 8, GAP = 8;
  var MARK = "a.glossary-term";
  var tip = null, current = null, showTimer = 0, hideTimer = 0, pointer = "mouse", quiet = null;

  function lang() { return (document.documentElement.lang || "en").split("-")[0]; }
  function termId(mark) { return decodeURIComponent(mark.hash.slice(1)); }
  function markOf(node) { return node && node.closest ? node.closest(MARK) : null; }
  function inTip(node) { return !!(tip && node && tip.contains(node)); }

  // The definitions, once per term, as the marks' descriptions; the native title tooltip goes.
  function prepare() {
    var old = document.getElementById("glossary-definitions");
    if (old) old.remove();
    var holder = document.createElement("div");
    holder.id = "glossary-definitions";
    holder.hidden = true;
    document.querySelectorAll(MARK).forEach(function (mark) {
      var definition = mark.getAttribute("title");
      if (definition === null) return;
      var id = "glossary-definition-" + termId(mark);
      if (!holder.querySelector("[id='" + id + "']")) {
        var text = document.createElement("span");
        text.id = id;
        text.textContent = definition;
        holder.append(text);
      }
      mark.dataset.definition = definition;
      mark.removeAttribute("title");
      mark.setAttribute("aria-describedby", id);
    });
    document.body.append(holder);
  }

  function build(mark) {
    var box = document.createElement("span");
    box.className = "glossary-tip";
    box.id = "glossary-tip";
    var text = document.createElement("span");
    text.className = "glossary-tip__text";
    text.textContent = mark.dataset.definition;
    var link = document.createElement("a");
    link.className = "glossary-tip__link";
    link.href = mark.href;
    link.textContent = LINK_TEXT[lang()] || LINK_TEXT.en;
    box.append(text, " ", link);
    return box;
  }

  function open(mark) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (current === mark) return;
    close();
    current = mark;
    tip = build(mark);
    mark.after(tip);  // right after the term: Tab goes from the term to the tooltip's link
    mark.classList.add("glossary-term--open");
    place();
    tip.classList.add("glossary-tip--open");
  }

  function close() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (tip) tip.remove();
    if (current) current.classList.remove("glossary-term--open");
    tip = null;
    current = null;
  }

  function later(fn, ms) { clearTimeout(hideTimer); hideTimer = setTimeout(fn, ms); }

  // Below the term (above it when there is no room below), inside the viewport; the arrow points at the term.
  function place() {
    if (!tip || !current) return;
    var rects = current.getClientRects();
    var term = rects.length ? rects[0] : current.getBoundingClientRect();
    var width = document.documentElement.clientWidth, height = window.innerHeight;
    tip.style.maxWidth = Math.min(320, width - 2 * MARGIN) + "px";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var center = term.left + term.width / 2;
    var left = Math.max(MARGIN, Math.min(center - w / 2, width - w - MARGIN));
    var below = term.bottom + GAP + h <= height - MARGIN || term.top - GAP - h < MARGIN;
    tip.style.left = left + "px";
    tip.style.top = (below ? term.bottom + GAP : term.top - GAP - h) + "px";
    tip.style.setProperty("--glossary-tip-arrow", Math.max(12, Math.min(center - left, w - 12)) + "px");
    tip.classList.toggle("glossary-tip--above", !below);
  }

  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType || "mouse";
    if (tip && !inTip(event.target) && markOf(event.target) !== current) close();
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var mark = markOf(event.target);
    if (mark) {
      clearTimeout(hideTimer);
      if (mark !== current) { clearTimeout(showTimer); showTimer = setTimeout(function () { open(mark); }, SHOW_MS); }
    } else if (inTip(event.target)) {
      clearTimeout(hideTimer);
    }
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var from = markOf(event.target) || (inTip(event.target) ? tip : null);
    if (!from) return;
    var to = event.relatedTarget;
    if (to && (from.contains(to) || inTip(to) || (current && markOf(to) === current))) return;
    clearTimeout(showTimer);
    if (document.activeElement === current || inTip(document.activeElement)) return;  // the keyboard holds it open
    later(close, HIDE_MS);
  });

  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (!mark || pointer === "mouse" || event.detail === 0) return;  // a mouse click, or Enter, follows the term's link
    event.preventDefault();
    if (current === mark) close();
    else open(mark);
  });

  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark && mark === quiet) quiet = null;  // back on its term after Escape: stays closed
    else if (mark && mark.matches(":focus-visible")) open(mark);
    else if (inTip(event.target)) clearTimeout(hideTimer);
  });

  document.addEventListener("focusout", function (event) {
    if (!tip) return;
    var to = event.relatedTarget;
    if (to && (to === current || inTip(to))) return;
    if (markOf(event.target) === current || inTip(event.target)) later(close, 0);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !tip) return;
    var back = inTip(document.activeElement) ? current : null;
    close();
    if (back) { quiet = back; back.focus(); }
  });

  window.addEventListener("resize", place);
  window.addEventListener("scroll", place, { capture: true, passive: true });

  function start() {
    close();
    prepare();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
