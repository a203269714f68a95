// bangtin search: loads the folded index once and matches every query word, diacritics
// ignored (đ = d), so "an ninh to quoc" finds "an ninh Tổ quốc" and "44 kl tw" finds 44-KL/TW.
(function () {
  "use strict";
  var list = document.getElementById("search-results");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  if (!list || !input) return;
  var index = null;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  // Highlights the words of the query in a text, comparing folded characters one by one.
  function highlight(text, words) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]) || " ";
      folded += f[0];
      map.push(i);
    }
    var marks = new Array(text.length).fill(false);
    words.forEach(function (w) {
      var at = folded.indexOf(w);
      while (at >= 0) { for (var k = at; k < at + w.length; k++) marks[k] = true; at = folded.indexOf(w, at + w.length); }
    });
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
    var hits = index.filter(function (e) {
      var hay = " " + e.f + " ";
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
    status.textContent = hits.length + " " + list.dataset.results;
    hits.slice(0, 100).forEach(function (e) {
      var li = document.createElement("li");
      li.className = "item";
      li.innerHTML = '<a class="item-title" href="' + esc(e.u) + '">' + highlight(e.t, words) + "</a>" +
        '<p class="meta"><span class="kind">' + esc(e.k) + "</span>" + (e.d ? " · " + esc(e.d) : "") + "</p>" +
        (e.s ? '<p class="summary">' + highlight(e.s, words) + "</p>" : "");
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
