// bangtin search: loads the folded index once and matches every query word at the start of a
// word, diacritics ignored (đ = d), so "an ninh to quoc" finds "an ninh Tổ quốc" and
// "44 kl tw" finds 44-KL/TW. Results with the whole phrase come first.
(function () {
  "use strict";
  var list = document.getElementById("search-results");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  if (!list || !input) return;
  var index = null;
  function foldChar(c) {
    var f = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
    return /^[a-z0-9]$/.test(f) ? f : " ";
  }
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += foldChar(s[i]);
    return out.replace(/ +/g, " ").trim();
  }
  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  // Marks where `needle` starts a word of the folded text; returns true when any was found.
  function markAt(folded, needle, marks) {
    var found = false, at = folded.indexOf(needle);
    while (at >= 0) {
      if (at === 0 || folded[at - 1] === " ") {
        for (var k = at; k < at + needle.length; k++) marks[k] = true;
        found = true;
      }
      at = folded.indexOf(needle, at + 1);
    }
    return found;
  }
  function highlight(text, q, words) {
    var folded = "";
    for (var i = 0; i < text.length; i++) folded += foldChar(text[i]);
    var marks = new Array(text.length).fill(false);
    if (!markAt(folded, q, marks)) words.forEach(function (w) { markAt(folded, w, marks); });
    var out = "", open = false;
    for (var j = 0; j < text.length; j++) {
      if (marks[j] && !open) { out += "<mark>"; open = true; }
      if (!marks[j] && open) { out += "</mark>"; open = false; }
      out += esc(text[j]);
    }
    return out + (open ? "</mark>" : "");
  }
  function run() {
    var q = fold(input.value);
    var url = new URL(window.location.href);
    if (q) { url.searchParams.set("q", input.value); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
    list.innerHTML = "";
    if (!q || !index) { status.textContent = ""; return; }
    var words = q.split(" ");
    var hits = [];
    index.forEach(function (e, i) {
      var hay = " " + e.f + " ";
      if (words.every(function (w) { return hay.indexOf(" " + w) >= 0; })) {
        hits.push({ e: e, score: (hay.indexOf(" " + q) >= 0 ? 2 : 1), i: i });
      }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    status.textContent = hits.length + " " + list.dataset.results;
    hits.slice(0, 100).forEach(function (h) {
      var e = h.e, li = document.createElement("li");
      li.className = "item";
      li.innerHTML = '<a class="item-title" href="' + esc(e.u) + '">' + highlight(e.t, q, words) + "</a>" +
        '<p class="meta"><span class="kind">' + esc(e.k) + "</span>" + (e.d ? " · " + esc(e.d) : "") + "</p>" +
        (e.s ? '<p class="summary">' + highlight(e.s, q, words) + "</p>" : "");
      list.appendChild(li);
    });
  }
  fetch(list.dataset.index).then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    var q = new URL(window.location.href).searchParams.get("q");
    if (q) input.value = q;
    run();
  });
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
})();
