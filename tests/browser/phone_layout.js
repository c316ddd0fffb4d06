// What tests/browser/test_reading.py checks on a page as the browser laid it out; returns a list of problems, each
// one line naming the element. Called with {reveal}: REVEAL_JS of test_copy.py (opens tabs and <details>).
({ reveal }) => {
  const problems = [];
  const article = document.querySelector(".md-content article");
  const view = document.documentElement.clientWidth;
  const revealBlock = eval(reveal);
  const short = text => JSON.stringify(text.length > 60 ? text.slice(0, 57) + "..." : text);
  // A break between two characters is inside a token unless one of them is white space or Chinese/Japanese/Korean
  // (where a line may break between any two characters).
  const SPACE = /\s/;
  const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
  const breakable = (a, b) => SPACE.test(a) || SPACE.test(b) || CJK.test(a) || CJK.test(b);

  const meets = (a, b) => a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;

  // Each character of an element's text with its box (null when it has none: collapsed white space); with `near`,
  // only those of text nodes that have a box meeting that rectangle (a shortcut for long code blocks).
  function characters(el, near) {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (near) {
        const whole = document.createRange();
        whole.selectNodeContents(node);
        if (![...whole.getClientRects()].some(rect => meets(rect, near))) continue;
      }
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        out.push({ ch: node.data[i], rect: rect && rect.width > 0 ? rect : null });
      }
    }
    return out;
  }

  // The nearest block-level ancestor's content width: the longest line a token there can have.
  function lineWidth(el) {
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline") && !getComputedStyle(block).display.includes("block")) {
      block = block.parentElement;
    }
    const style = getComputedStyle(block);
    return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  // Line breaks inside tokens: [{token, width}] (a token's width summed over its pieces). White space at a line's end
  // may have no box: the characters between two shown ones count too.
  function brokenTokens(el) {
    const chars = characters(el);
    const shown = chars.map((c, i) => i).filter(i => chars[i].rect);
    const splits = (from, to) => chars.slice(from, to + 1).some(c => SPACE.test(c.ch))
      || chars.slice(from, to).some((c, k) => breakable(c.ch, chars[from + k + 1].ch));
    const out = [];
    for (let k = 1; k < shown.length; k++) {
      const [i, j] = [shown[k - 1], shown[k]];
      if (chars[j].rect.top < chars[i].rect.bottom - 1 || splits(i, j)) continue;
      let start = i, end = j;
      while (start > 0 && !splits(start - 1, start)) start--;
      while (end < chars.length - 1 && !splits(end, end + 1)) end++;
      const token = chars.slice(start, end + 1);
      out.push({ token: token.map(c => c.ch).join(""), width: token.reduce((sum, c) => sum + (c.rect ? c.rect.width : 0), 0) });
    }
    return out;
  }

  function lines(el) {
    const tops = new Set(characters(el).filter(c => c.rect).map(c => Math.round(c.rect.top)));
    return tops.size;
  }

  // 1. Tables: every code and value of a cell on one line; every column reachable by scrolling the table's frame;
  //    a frame that hides columns shows it (its edge shadow); text columns of a scrolling table not squeezed.
  article.querySelectorAll("table:not([class])").forEach((table, n) => {
    const name = `table ${n + 1} (${short(table.rows[0] ? table.rows[0].textContent.trim().replace(/\s+/g, " ") : "")})`;
    if (!table.getClientRects().length) revealBlock(table);
    table.querySelectorAll("td [data-lab-var], th [data-lab-var]").forEach(el => {
      const count = lines(el);
      if (count > 1) problems.push(`${name}: the value ${short(el.textContent)} is broken over ${count} lines`);
    });
    table.querySelectorAll("td code, th code").forEach(el => {
      brokenTokens(el).forEach(({ token }) => problems.push(`${name}: ${short(token)} (in ${short(el.textContent)}) is broken mid-token`));
    });
    const wrap = table.closest(".md-typeset__scrollwrap") || table.parentElement;
    const box = wrap.getBoundingClientRect();
    if (box.left < -1 || box.right > view + 1) problems.push(`${name}: its frame (${Math.round(box.left)}..${Math.round(box.right)} px) sticks out of the page`);
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const overflow = getComputedStyle(wrap).overflowX;
      if (!["auto", "scroll"].includes(overflow)) problems.push(`${name}: wider than its frame, which does not scroll (overflow-x: ${overflow})`);
      if (!getComputedStyle(wrap).backgroundImage.includes("gradient")) problems.push(`${name}: hides columns with no edge shadow to say so`);
      if (wrap.tabIndex < 0) problems.push(`${name}: its frame scrolls but cannot take the keyboard's focus`);
      const text = [...table.querySelectorAll("td, th")].filter(cell => lines(cell) > 1 && !cell.querySelector("code, [data-lab-var]") || lines(cell) > 2);
      text.forEach(cell => {
        const width = cell.getBoundingClientRect().width;
        if (width < 0.5 * view) problems.push(`${name}: the text cell ${short(cell.textContent.trim())} is squeezed to ${Math.round(width)} px in a table that scrolls anyway`);
      });
    }
    wrap.scrollLeft = wrap.scrollWidth;
    const end = wrap.getBoundingClientRect();
    [...table.querySelectorAll("td, th")].forEach(cell => {
      const rect = cell.getBoundingClientRect();
      if (rect.width > 0 && (rect.right > Math.min(end.right, view) + 1)) {
        problems.push(`${name}: the cell ${short(cell.textContent.trim())} cannot be reached: right edge ${Math.round(rect.right)} px with the frame scrolled to its end`);
      }
    });
    wrap.scrollLeft = 0;
  });

  // 2. Running text: inline code and values broken only inside a token longer than its line.
  const inline = [...article.querySelectorAll("code, [data-lab-var]")].filter(el => !el.closest("pre, table, svg, .lab-panel__box"));
  inline.forEach(el => {
    if (el.tagName !== "CODE" && el.closest("code")) return; // its code is checked
    const own = getComputedStyle(el);  // its padding and border take room from its text too (code has 4 px a side)
    const room = lineWidth(el) - ["paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth"].reduce((sum, side) => sum + parseFloat(own[side]), 0);
    brokenTokens(el).forEach(({ token, width }) => {
      if (width <= room + 1) problems.push(`${short(token)} (in ${short(el.textContent)}) is broken mid-token though ${Math.round(width)} px fit the ${Math.round(room)} px a line leaves its text`);
    });
  });

  // 3. Code blocks: the copy button covers no visible character, scrolled to either end.
  const blocks = [...article.querySelectorAll("pre")].filter(pre => pre.querySelector(":scope > .md-code__nav") && pre.querySelector(":scope > code"));
  for (const [n, pre] of blocks.entries()) {
    if (!pre.getClientRects().length || !pre.getBoundingClientRect().height) revealBlock(pre);
    const code = pre.querySelector(":scope > code");
    const nav = pre.querySelector(":scope > .md-code__nav");
    const first = short(code.textContent.trim().split("\n")[0]);
    for (const scroll of [0, code.scrollWidth]) {
      code.scrollLeft = scroll;  // read back at once: the boxes below are measured after it
      const button = nav.getBoundingClientRect(), shown = code.getBoundingClientRect();
      if (button.right > view + 1 || button.left < 0) problems.push(`code block ${n + 1} (${first}): its copy button is off the page`);
      const covered = characters(code, button).filter(({ ch, rect }) => rect && !SPACE.test(ch)
        && meets(rect, shown) && meets(rect, button));
      if (covered.length) {
        problems.push(`code block ${n + 1} (${first}), scrolled ${scroll ? "to its end" : "to its start"}: the copy button covers ${short(covered.map(c => c.ch).join(""))}`);
      }
    }
    code.scrollLeft = 0;
  }

  if (document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth) {
    const out = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > view + 1
      && !(el.parentElement && el.parentElement.getBoundingClientRect().right > view + 1) && getComputedStyle(el).position !== "fixed");
    const names = out.slice(0, 5).map(el => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : ""));
    problems.push(`the page scrolls sideways: ${document.scrollingElement.scrollWidth} px wide in ${view} px; sticking out: ${names.join(", ")}`);
  }
  return problems;
}
