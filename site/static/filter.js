// loket: the request list's filters, made faster. Without JavaScript the
// filter links lead to pre-rendered pages; with it, three selects filter
// every request at once (status.json) without leaving the page.
(function () {
  "use strict";
  var box = document.getElementById("saring");
  var list = document.getElementById("daftar");
  var count = document.getElementById("hasil");
  var words = document.getElementById("kata");
  if (!box || !list || !count || !words || !window.fetch) return;
  var LIMIT = 200;
  var home = box.getAttribute("data-home");
  var verdicts = JSON.parse(box.getAttribute("data-verdicts") || "{}");
  var groups = Array.prototype.slice.call(box.querySelectorAll(".filter-group"));
  var params = new URLSearchParams(location.search);
  var form = document.createElement("form");
  form.className = "filter-form";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", words.getAttribute("data-filter"));
  var selects = {};
  groups.forEach(function (g) {
    var key = g.getAttribute("data-key");
    var id = "saring-" + key;
    var wrap = document.createElement("div");
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = g.querySelector(".filter-label").textContent.replace(/:\s*$/, "");
    var select = document.createElement("select");
    select.id = id;
    select.name = key;
    var current = "";
    g.querySelectorAll("a[data-value]").forEach(function (a) {
      var option = document.createElement("option");
      option.value = a.getAttribute("data-value");
      option.textContent = a.firstChild.textContent.trim();
      if (!select.querySelector('option[value="' + option.value + '"]')) select.appendChild(option);
      if (a.getAttribute("aria-current") === "page") current = option.value;
    });
    select.value = params.has(key) ? params.get(key) : current;
    if (select.selectedIndex < 0) select.value = "";
    wrap.appendChild(label);
    wrap.appendChild(select);
    form.appendChild(wrap);
    selects[key] = select;
    g.hidden = true;
  });
  var statusLabels = {};
  Array.prototype.forEach.call(selects.status ? selects.status.options : [], function (o) {
    statusLabels[o.value] = o.textContent;
  });
  box.appendChild(form);
  var pager = document.querySelector(".pager");
  var head = list.querySelector("thead");
  head = head ? head.cloneNode(true) : null;
  var data = null;

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (text instanceof Node) td.appendChild(text); else td.textContent = text;
    tr.appendChild(td);
  }
  function span(text, cls) {
    var s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }
  function render() {
    if (!data) return;
    var want = {};
    Object.keys(selects).forEach(function (k) { want[k] = selects[k].value; });
    var rows = data.requests.filter(function (r) {
      return (!want.status || r.status === want.status) &&
        (!want.instansi || r.agency === want.instansi) &&
        (!want.layanan || r.service === want.layanan);
    }).reverse();
    var table = document.createElement("table");
    table.className = "requests";
    if (head) table.appendChild(head.cloneNode(true));
    var body = document.createElement("tbody");
    rows.slice(0, LIMIT).forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-status", r.status);
      tr.setAttribute("data-instansi", r.agency);
      tr.setAttribute("data-layanan", r.service || "");
      var a = document.createElement("a");
      a.href = home + "permohonan/" + r.id + "/";
      a.textContent = r.id;
      cell(tr, a);
      cell(tr, r.fqdn, "fqdn");
      cell(tr, r.agency_name);
      cell(tr, r.service_title || "");
      var label = statusLabels[r.status] || r.status_label;
      if (r.stage) label += ": " + r.stage;
      cell(tr, span(label, "badge badge-" + r.status));
      var used = r.working_days_used === null ? "–" : String(r.working_days_used);
      cell(tr, r.working_days_allowed === null ? used : used + "/" + r.working_days_allowed, "num");
      cell(tr, span(verdicts[r.verdict] || r.verdict, "verdict verdict-" + r.verdict));
      body.appendChild(tr);
    });
    table.appendChild(body);
    var scroll = document.createElement("div");
    scroll.className = "table-scroll";
    scroll.setAttribute("role", "region");
    scroll.setAttribute("tabindex", "0");
    scroll.setAttribute("aria-label", document.querySelector("h1").textContent);
    scroll.appendChild(table);
    list.textContent = "";
    if (rows.length === 0) {
      var p = document.createElement("p");
      p.textContent = words.getAttribute("data-none");
      list.appendChild(p);
    } else {
      list.appendChild(scroll);
    }
    var shown = Math.min(rows.length, LIMIT);
    count.textContent = words.getAttribute("data-showing") + " " + (shown ? 1 : 0) + "–" + shown + " " +
      words.getAttribute("data-of") + " " + rows.length;
    if (pager) pager.hidden = true;
    var q = new URLSearchParams();
    Object.keys(want).forEach(function (k) { if (want[k]) q.set(k, want[k]); });
    var qs = q.toString();
    history.replaceState(null, "", home + "permohonan/" + (qs ? "?" + qs : ""));
  }
  form.addEventListener("change", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
  fetch(box.getAttribute("data-status-json"), { cache: "no-cache" })
    .then(function (r) { return r.json(); })
    .then(function (json) {
      data = json;
      document.documentElement.setAttribute("data-filter-ready", "1");
      if (params.toString()) render();
    })
    .catch(function () {
      groups.forEach(function (g) { g.hidden = false; });
      form.remove();
    });
})();
