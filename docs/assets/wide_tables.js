// Tables wider than the page: they scroll sideways in their own frame (Material's .md-typeset__scrollwrap), and
// their values and words of code never wrap (extra.css). Left alone, the browser then gives such a table its
// narrowest layout, and a column of running text beside the values shrinks to a few characters a line. This marks a
// table that does not fit its frame with data-wide, and in it the cells whose text wraps with data-wraps: extra.css
// gives those at least about half the screen. The frame of such a table takes the focus, so that the keyboard
// scrolls it too. Again whenever the frame's width or the table's content changes (the reader's own values).
(function () {
  "use strict";

  function frameOf(table) { return table.closest(".md-typeset__scrollwrap") || table.parentElement; }

  // More than one line of text in the cell.
  function wraps(cell) {
    var style = getComputedStyle(cell);
    var inner = cell.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return inner > 1.5 * parseFloat(style.lineHeight);
  }

  function fit(table) {
    var frame = frameOf(table), cells = table.querySelectorAll("td, th");
    table.removeAttribute("data-wide");
    cells.forEach(function (cell) { cell.removeAttribute("data-wraps"); });
    var wide = frame.scrollWidth > frame.clientWidth + 1;
    if (wide) {
      var wrapping = Array.prototype.filter.call(cells, wraps);
      table.setAttribute("data-wide", "");
      wrapping.forEach(function (cell) { cell.setAttribute("data-wraps", ""); });
      if (!frame.hasAttribute("tabindex")) { frame.setAttribute("tabindex", "0"); frame.setAttribute("data-wide-focus", ""); }
    } else if (frame.hasAttribute("data-wide-focus")) {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("data-wide-focus");
    }
  }

  function start() {
    var tables = Array.prototype.slice.call(document.querySelectorAll(".md-content .md-typeset table:not([class])"));
    if (!tables.length) return;
    var queued = false;
    function fitAll() { queued = false; tables.forEach(fit); }
    function later() { if (!queued) { queued = true; window.requestAnimationFrame(fitAll); } }
    fitAll();
    if (window.ResizeObserver) {
      var seen = new ResizeObserver(later);
      tables.forEach(function (table) { seen.observe(frameOf(table)); });
    } else {
      window.addEventListener("resize", later);
    }
    var changed = new MutationObserver(later);
    tables.forEach(function (table) { changed.observe(table, { characterData: true, childList: true, subtree: true }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
