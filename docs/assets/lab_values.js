// The "your lab" panel: the reader types their own lab's values and every marked place of the page follows
// (prose, code blocks and what their copy buttons copy, tables, tabs, the diagram). The rules, limits and
// messages come from macros/variables.py through assets/lab_rules.js (generated at build time by
// docs_tooling/build/lab_panel.py); derive() takes the same steps, in the same order, as variables.derive(),
// and tests/browser/test_lab_rules.py compares the two on random value sets. No request leaves the page.
(function () {
  "use strict";
  var R = window.LAB_RULES;
  if (!R) return;

  var PATTERN = {};
  Object.keys(R.patterns).forEach(function (kind) {
    PATTERN[kind] = new RegExp("^(?:" + R.patterns[kind] + ")$");
  });
  var SPACE = "[" + R.space.replace(/[\\\]^-]/g, "\\$&") + "]+";
  var TRIM = new RegExp("^" + SPACE + "|" + SPACE + "$", "g");

  // --- the rules (variables.py) ---------------------------------------------------------------------------
  function LabError(name, value, rule, fields) {
    this.name = name; this.value = value; this.rule = rule; this.fields = fields || {};
  }
  LabError.prototype.message = function (lang) {
    var fields = this.fields;
    return R.rules[this.rule][lang === "zh" ? 1 : 0].replace(/\{(\w+)\}/g, function (_, key) { return fields[key]; });
  };

  function matches(kind, value) { return PATTERN[kind].test(value); }
  function dotted(n) { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."); }
  function size(prefix) { return Math.pow(2, 32 - prefix); }
  function networkOf(address, prefix) { return address - (address % size(prefix)); }

  function ipv4(name, value) {
    var octets = value.split(".");
    if (octets.length !== 4 || !octets.every(function (o) { return matches("octet", o) && Number(o) <= 255; })) {
      throw new LabError(name, value, "ipv4");
    }
    return octets.reduce(function (sum, o) { return sum * 256 + Number(o); }, 0);
  }

  function cidr(name, value) {
    var slash = value.indexOf("/");
    if (slash < 0 || value.indexOf("/", slash + 1) >= 0) throw new LabError(name, value, "cidr");
    var address = value.slice(0, slash), prefix = value.slice(slash + 1), start;
    try { start = ipv4(name, address); } catch (e) { throw new LabError(name, value, "cidr"); }
    if (!matches("number", prefix) || Number(prefix) > 32) throw new LabError(name, value, "prefix_range");
    var bits = Number(prefix), network = networkOf(start, bits);
    if (dotted(network) !== address) throw new LabError(name, value, "host_bits", { network: dotted(network) });
    if (bits > R.maxSubnetPrefix) throw new LabError(name, value, "subnet_size");
    return { start: network, prefix: bits, end: network + size(bits) - 1, text: dotted(network) + "/" + bits };
  }

  function pattern(kind, rule, name, value) {
    if (!value) throw new LabError(name, value, "empty");
    if (!matches(kind, value)) throw new LabError(name, value, rule);
  }

  function strip(value) { return String(value).replace(TRIM, ""); }

  // The base values (stripped) checked in variables.derive()'s order, plus the derived ones; throws LabError.
  function derive(raw) {
    var host = ipv4("host_ip", raw.host_ip);
    var lanPrefix = raw.lan_prefix;
    if (!matches("number", lanPrefix) || Number(lanPrefix) < R.lanPrefixRange[0] || Number(lanPrefix) > R.lanPrefixRange[1]) {
      throw new LabError("lan_prefix", lanPrefix, "lan_prefix");
    }
    var lanStart = networkOf(host, Number(lanPrefix)), lanEnd = lanStart + size(Number(lanPrefix)) - 1;
    var lan = dotted(lanStart) + "/" + Number(lanPrefix);
    if (host === lanStart || host === lanEnd) throw new LabError("host_ip", raw.host_ip, "lan_edge", { lan: lan });
    var subnet = cidr("subnet", raw.subnet);
    if (host >= subnet.start && host <= subnet.end) {
      throw new LabError("host_ip", raw.host_ip, "host_in_subnet", { subnet: subnet.text });
    }
    if (lanStart <= subnet.end && subnet.start <= lanEnd) throw new LabError("subnet", raw.subnet, "overlap", { lan: lan });
    var gateway = subnet.start + 1;
    var container = raw.container_ip ? ipv4("container_ip", raw.container_ip) : subnet.start + 2;
    if (container < subnet.start || container > subnet.end) {
      throw new LabError("container_ip", dotted(container), "outside_subnet", { subnet: subnet.text });
    }
    if (container === gateway || container === subnet.start || container === subnet.end) {
      throw new LabError("container_ip", dotted(container), "reserved", { subnet: subnet.text });
    }
    var client = lanStart + (host === lanStart + 2 ? 3 : 2);
    if (client >= lanEnd) throw new LabError("lan_prefix", lanPrefix, "no_client", { lan: lan });
    pattern("branch", "branch", "branch", raw.branch);
    pattern("image", "image", "image", raw.image);
    pattern("name", "name", "container_name", raw.container_name);
    pattern("name", "name", "devstack_dir", raw.devstack_dir);
    if (!matches("url", raw.devstack_repo)) throw new LabError("devstack_repo", raw.devstack_repo, "url");
    R.mirrors.forEach(function (name) { pattern("mirror", "mirror", name, raw[name]); });
    pattern("hostname", "hostname", "controller", raw.controller);
    pattern("name", "name", "region", raw.region);
    var values = {};
    R.base.forEach(function (name) { values[name] = raw[name]; });
    values.container_ip = dotted(container);
    values.gateway = dotted(gateway);
    values.network = dotted(subnet.start);
    values.netmask = dotted(Math.pow(2, 32) - size(subnet.prefix));
    values.prefix = String(subnet.prefix);
    values.lan = lan;
    values.lan_netmask = dotted(Math.pow(2, 32) - size(Number(lanPrefix)));
    values.client_ip = dotted(client);
    var origin = raw.devstack_repo.split("://");
    values.git_base = origin[0] + "://" + origin[1].split("/")[0];
    return values;
  }

  // For the tests: the same input as variables.derive(), its result or its error in both languages.
  function check(raw) {
    try {
      return { values: derive(baseOf(raw)) };
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      return { error: { name: e.name, value: e.value, rule: e.rule, en: e.message("en"), zh: e.message("zh") } };
    }
  }

  // --- the page's words --------------------------------------------------------------------------------------
  var TEXT = {
    en: {
      title: "Your lab's values",
      defaults: "the defaults",
      yours: "your values",
      intro: "Type your own lab's values: every command, table and diagram on this page follows, and the copy buttons copy " +
        "what you see. The values stay in this browser (local storage) for every page in both languages; nothing is sent anywhere.",
      search: "Search finds the default values only.",
      derived: "Derived values",
      reset: "Reset to the defaults",
      share: "Copy a link with these values",
      copied: "Link copied:",
      shareOnly: "Link:",
      kept: "The page keeps the last valid values.",
      link: "Values from the link: ",
      ignored: "Ignored from the link (the defaults stay): ",
      unknown: "unknown",
      stored: "Stored values no longer valid were dropped: "
    },
    zh: {
      title: "你的实验环境的值",
      defaults: "默认值",
      yours: "你的值",
      intro: "输入你自己实验环境的值：本页的每条命令、表格和示意图都会随之改变，复制按钮复制的就是你看到的内容。" +
        "这些值只保存在本浏览器中（本地存储），对两种语言的所有页面都有效，不会发送到任何地方。",
      search: "搜索只能找到默认值。",
      derived: "推导出的值",
      reset: "恢复默认值",
      share: "复制带有这些值的链接",
      copied: "链接已复制：",
      shareOnly: "链接：",
      kept: "页面保留最后一组有效的值。",
      link: "来自链接的值：",
      ignored: "链接中被忽略的值（保留默认值）：",
      unknown: "未知",
      stored: "已保存的值不再有效，已丢弃："
    }
  };

  function language() { return (document.documentElement.lang || "").indexOf("zh") === 0 ? "zh" : "en"; }

  // --- state: the build's values, then the stored ones, then a link's --------------------------------------
  var notices = [];
  var current = loadInitial();

  function storedRaw() {
    try { return JSON.parse(window.localStorage.getItem(R.storageKey) || "null"); } catch (e) { return null; }
  }

  function save(raw) {
    try {
      if (sameAsDefaults(raw)) window.localStorage.removeItem(R.storageKey);
      else window.localStorage.setItem(R.storageKey, JSON.stringify(raw));
    } catch (e) { /* storage refused (private mode): the values last for this page only */ }
  }

  function sameAsDefaults(raw) { return R.base.every(function (name) { return raw[name] === R.defaults[name]; }); }

  function build(raw) {
    var result = check(raw);
    return result.values ? { raw: baseOf(raw), values: result.values } : null;
  }

  function baseOf(raw) {
    var out = {};
    R.base.forEach(function (name) { out[name] = strip(raw[name] === undefined ? R.defaults[name] : raw[name]); });
    return out;
  }

  // Notices for the panel: {kind: "stored" | "link" | "ignored", names: [...], unknown: [...], error: {...}}.
  function loadInitial() {
    var state = { raw: baseOf(R.defaults), values: R.values };
    var stored = storedRaw();
    if (stored && typeof stored === "object") {
      var fromStore = build(stored);
      if (fromStore) state = fromStore;
      else notices.push({ kind: "stored", names: R.base.filter(function (n) { return stored[n] !== undefined && stored[n] !== R.defaults[n]; }) });
    }
    var params = new URLSearchParams(window.location.search), link = {}, unknown = [], any = false;
    params.forEach(function (value, key) {
      if (key.indexOf(R.linkPrefix) !== 0) return;
      any = true;
      var name = key.slice(R.linkPrefix.length);
      if (R.base.indexOf(name) < 0) unknown.push(name);
      else link[name] = value;
    });
    if (!any) return state;
    var names = Object.keys(link), withLink = Object.assign({}, R.defaults, link);
    var fromLink = names.length ? check(withLink) : null;
    if (fromLink && fromLink.values) {
      state = { raw: baseOf(withLink), values: fromLink.values };
      notices.push({ kind: "link", names: names });
    }
    if (unknown.length || (fromLink && fromLink.error)) {
      state = fromLink && fromLink.values ? state : { raw: baseOf(R.defaults), values: R.values };
      notices.push({ kind: "ignored", names: fromLink && fromLink.error ? names : [], unknown: unknown, error: fromLink && fromLink.error });
    }
    save(state.raw);
    Array.from(params.keys()).forEach(function (key) { if (key.indexOf(R.linkPrefix) === 0) params.delete(key); });
    var query = params.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    return state;
  }

  // --- the page ---------------------------------------------------------------------------------------------
  function apply(values) {
    document.querySelectorAll("[data-lab-var], [data-lab-rest]").forEach(function (node) {
      var text = node.hasAttribute("data-lab-rest") ? "" : values[node.getAttribute("data-lab-var")];
      if (text !== undefined && node.textContent !== text) node.textContent = text;
    });
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function shareLink(raw) {
    var params = new URLSearchParams();
    R.base.forEach(function (name) { if (raw[name] !== R.defaults[name]) params.set(R.linkPrefix + name, raw[name]); });
    var query = params.toString();
    return window.location.origin + window.location.pathname + (query ? "?" + query : "");
  }

  function noticeText(notice, t, lang) {
    if (notice.kind === "stored") return t.stored + notice.names.join(", ");
    if (notice.kind === "link") return t.link + notice.names.join(", ");
    var names = notice.names.concat(notice.unknown.map(function (name) { return name + " (" + t.unknown + ")"; }));
    var why = notice.error ? " — " + notice.error.name + ": " + notice.error[lang] : "";
    return t.ignored + names.join(", ") + why;
  }

  function render(mount) {
    var lang = language(), t = TEXT[lang];
    var state = element("span", { "class": "lab-panel__state" });
    var summary = element("summary", {}, [t.title + " · ", state]);
    var notice = element("div", { "class": "lab-panel__notice", role: "status", "aria-live": "polite" });
    notices.forEach(function (n) { notice.appendChild(element("p", {}, [noticeText(n, t, lang)])); });
    notices = [];
    var form = element("form", { "class": "lab-panel__fields", novalidate: "" });
    var inputs = {}, errors = {};
    R.base.forEach(function (name) {
      var id = "lab-field-" + name;
      inputs[name] = element("input", {
        id: id, name: name, type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false",
        "aria-describedby": id + "-error", placeholder: name === "container_ip" ? current.values.container_ip : ""
      });
      inputs[name].value = current.raw[name];
      errors[name] = element("p", { "class": "lab-field__error", id: id + "-error", "aria-live": "polite" });
      form.appendChild(element("div", { "class": "lab-field" }, [
        element("label", { "for": id }, [element("code", {}, [name]), " ", R.docs[name][lang === "zh" ? 1 : 0]]),
        inputs[name], errors[name]
      ]));
    });
    var rows = Object.keys(R.derivedDocs).map(function (name) {
      return element("tr", {}, [element("th", { scope: "row" }, [element("code", {}, [name])]),
        element("td", {}, [element("code", { "data-lab-var": name }, [current.values[name]])]),
        element("td", {}, [R.derivedDocs[name][lang === "zh" ? 1 : 0]])]);
    });
    var derived = element("table", { "class": "lab-panel__derived" }, [element("caption", {}, [t.derived]),
      element("tbody", {}, rows)]);
    var reset = element("button", { type: "button", "class": "md-button", "data-lab-reset": "" }, [t.reset]);
    var share = element("button", { type: "button", "class": "md-button", "data-lab-share": "" }, [t.share]);
    var shared = element("p", { "class": "lab-panel__share", "aria-live": "polite" });
    var details = element("details", { "class": "lab-panel__box" }, [summary,
      element("p", {}, [t.intro, " ", element("strong", {}, [t.search])]), notice, form, derived,
      element("div", { "class": "lab-panel__actions" }, [reset, share]), shared]);
    if (!sameAsDefaults(current.raw) || notice.childNodes.length) details.open = true;

    function showState() {
      state.textContent = sameAsDefaults(current.raw) ? t.defaults : t.yours;
    }

    function update() {
      var raw = {};
      R.base.forEach(function (name) { raw[name] = inputs[name].value; });
      var result = check(raw);
      R.base.forEach(function (name) {
        errors[name].textContent = "";
        inputs[name].removeAttribute("aria-invalid");
      });
      if (result.error) {
        var e = result.error;
        errors[e.name].textContent = e.name + ": " + e[lang] + " " + t.kept;
        inputs[e.name].setAttribute("aria-invalid", "true");
        return;
      }
      current = { raw: baseOf(raw), values: result.values };
      inputs.container_ip.placeholder = current.values.container_ip;
      save(current.raw);
      apply(current.values);
      showState();
    }

    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      R.base.forEach(function (name) { inputs[name].value = R.defaults[name]; });
      update();
    });
    share.addEventListener("click", function () {
      var url = shareLink(current.raw);
      shared.textContent = "";
      var done = function (ok) { shared.append(ok ? t.copied : t.shareOnly, " ", element("code", {}, [url])); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
      else done(false);
    });
    mount.replaceChildren(details);
    showState();
  }

  function start() {
    var mount = document.querySelector("[data-lab-panel]");
    if (mount) render(mount);
    apply(current.values);
  }

  window.labValues = { check: check, current: function () { return current; } };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
