// baocao audit report: sortable tables, the parse inspector, evidence highlighting, the
// passing-checks toggle. No library, no network; data is read from attributes with
// textContent only (never innerHTML), so document text cannot become markup here either.
(function () {
  "use strict";

  // null when the cell is empty: empty cells sort last whichever the direction
  function cellValue(row, i, type) {
    var cell = row.cells[i];
    var v = cell ? cell.getAttribute("data-v") : null;
    if (v === null && cell) { v = cell.textContent; }
    if (v === null || v === "") { return null; }
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v.toLocaleLowerCase("vi");
  }

  function sortBy(table, th, dir) {
    var i = Array.prototype.indexOf.call(th.parentNode.children, th);
    var type = th.getAttribute("data-type") || "text";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, i, type), y = cellValue(b, i, type);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var c = type === "num" ? x - y : x.localeCompare(y, "vi");
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.children, function (h) {
      h.classList.remove("sorted-asc", "sorted-desc");
    });
    th.classList.add(dir === "asc" ? "sorted-asc" : "sorted-desc");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      var go = function () {
        var dir = th.classList.contains("sorted-desc") ? "asc" :
                  th.classList.contains("sorted-asc") ? "desc" :
                  (th.getAttribute("data-type") === "num" ? "desc" : "asc");
        sortBy(table, th, dir);
      };
      th.addEventListener("click", go);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
    });
    var initial = table.querySelector("th.sorted-desc, th.sorted-asc");
    if (initial) { sortBy(table, initial, initial.classList.contains("sorted-asc") ? "asc" : "desc"); }
  });

  var toggle = document.getElementById("show-pass");
  if (toggle) {
    toggle.addEventListener("change", function () {
      document.body.classList.toggle("show-pass", toggle.checked);
    });
  }

  var inspector = document.getElementById("inspector");
  function showParse(el) {
    if (!inspector) { return; }
    var data;
    try { data = JSON.parse(el.getAttribute("data-parse") || "{}"); } catch (e) { return; }
    inspector.textContent = "";
    var h = document.createElement("h3");
    h.textContent = data.kind === "cite" ? "Citation" : data.kind === "fig" ? "Dossier figure" : "Percentage";
    inspector.appendChild(h);
    var dl = document.createElement("dl");
    Object.keys(data).forEach(function (k) {
      if (k === "kind") { return; }
      var dt = document.createElement("dt"); dt.textContent = k;
      var dd = document.createElement("dd"); dd.textContent = String(data[k]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
    inspector.appendChild(dl);
  }
  document.querySelectorAll(".ann[data-parse]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { showParse(el); });
    el.addEventListener("focus", function () { showParse(el); });
  });

  function evidence(mark, on) {
    (mark.getAttribute("data-evidence") || "").split(" ").forEach(function (id) {
      var el = id && document.getElementById(id);
      if (el) { el.classList.toggle("evidence", on); }
    });
  }
  document.querySelectorAll(".mark[data-evidence]").forEach(function (m) {
    m.addEventListener("mouseenter", function () { evidence(m, true); });
    m.addEventListener("mouseleave", function () { evidence(m, false); });
    m.addEventListener("focus", function () { evidence(m, true); });
    m.addEventListener("blur", function () { evidence(m, false); });
  });
})();
