// bangtin search over the sharded full-text index written by src/render/search.rs.
// A query loads the manifest, the shards holding its words (and adjacent word pairs, for
// phrase ranking), then one small file per result shown, for the snippet. Diacritics are
// ignored (đ = d): "an ninh to quoc" finds "an ninh Tổ quốc", "44 kl tw" finds 44-KL/TW.
// The word being typed (the last one, no space after it) and any word of 2+ characters that
// is not itself indexed match every indexed word they begin ("an nin", "quynhxuy"): the
// shards covering [prefix, prefix + "\uffff") are loaded, at most MAX_SHARDS in all.
// Results where every word matches whole come first; then those with the phrase, then with
// every word in the title; newest first within each.
(function () {
  "use strict";
  var list = document.getElementById("search-results");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var kindSel = document.getElementById("loai");
  var yearSel = document.getElementById("nam");
  var pager = document.getElementById("search-pages");
  var prev = document.getElementById("search-prev");
  var next = document.getElementById("search-next");
  if (!list || !input) return;
  // MAX_SHARDS bounds prefix expansion: 16 shards of at most 16 kB, plus the manifest
  // (about 7 kB at 50,000 plans) and 20 results' files (a few kB each) stay within the
  // 500 kB a query may download. Exact words alone may take one more shard each (8 words,
  // 7 pairs, 2 filters), as before.
  var PER_PAGE = 20, MAX_WORDS = 8, MAX_SHARDS = 16;
  var base = list.dataset.index;
  var manifest = null, shards = {}, docs = {}, seq = 0, page = 1, timer = 0;
  var alnum = /[\p{L}\p{N}]/u;

  function foldChar(c) {
    var f = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
    return f.length === 1 && alnum.test(f) ? f : " ";
  }
  function foldText(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += foldChar(s[i]);
    return out;
  }
  function words(s) {
    return foldText(s).split(" ").filter(function (w) { return w; });
  }
  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function getJSON(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); });
  }

  // ---- index ----
  function shardOf(term) {
    var f = manifest.shards, lo = 0, hi = f.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (f[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function varint(b, pos) {
    var v = 0, mul = 1, c;
    do { c = b[pos.i++]; v += (c & 127) * mul; mul *= 128; } while (c >= 128);
    return v;
  }
  function parseShard(buf) {
    var b = new Uint8Array(buf), pos = { i: 0 }, terms = {}, dec = new TextDecoder();
    while (pos.i < b.length) {
      var tl = varint(b, pos), term = dec.decode(b.subarray(pos.i, pos.i + tl));
      pos.i += tl;
      var al = varint(b, pos), a = b.subarray(pos.i, pos.i + al);
      pos.i += al;
      var ttl = varint(b, pos), t = b.subarray(pos.i, pos.i + ttl);
      pos.i += ttl;
      terms[term] = { a: a, t: t };
    }
    return terms;
  }
  function loadShard(n) {
    if (!shards[n]) {
      shards[n] = fetch(base + "s/" + n + ".bin").then(function (r) {
        if (!r.ok) throw new Error("shard " + n);
        return r.arrayBuffer();
      }).then(parseShard);
    }
    return shards[n];
  }
  // A posting list: delta-encoded varints (0) or a bitmap (1), to a sorted array of ids.
  function decode(b) {
    var out = [];
    if (!b || !b.length) return out;
    if (b[0] === 1) {
      for (var i = 1; i < b.length; i++) {
        var x = b[i];
        for (var bit = 0; x; bit++, x >>= 1) if (x & 1) out.push((i - 1) * 8 + bit);
      }
      return out;
    }
    var pos = { i: 1 }, n = varint(b, pos), id = 0;
    for (var k = 0; k < n; k++) { id = k === 0 ? varint(b, pos) : id + varint(b, pos); out.push(id); }
    return out;
  }
  function intersect(lists) {
    if (!lists.length) return [];
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var cur = lists[0];
    for (var k = 1; k < lists.length && cur.length; k++) {
      var mark = new Uint8Array(manifest.n);
      lists[k].forEach(function (id) { mark[id] = 1; });
      cur = cur.filter(function (id) { return mark[id]; });
    }
    return cur;
  }
  function union(lists) {
    if (lists.length === 1) return lists[0];
    var mark = new Uint8Array(manifest.n), out = [];
    lists.forEach(function (l) { l.forEach(function (id) { mark[id] = 1; }); });
    for (var id = 0; id < mark.length; id++) if (mark[id]) out.push(id);
    return out;
  }
  // The shards (numbers, in order) a list of terms needs.
  function shardsOf(terms) {
    var need = [];
    terms.forEach(function (t) { var n = shardOf(t); if (need.indexOf(n) < 0) need.push(n); });
    return need;
  }
  // The shards holding every term that starts with `p`: consecutive, since terms are sorted.
  function prefixShards(p) {
    var out = [];
    for (var n = shardOf(p), last = shardOf(p + "\uffff"); n <= last; n++) out.push(n);
    return out;
  }
  // Loaded shards by number.
  function loadAll(ns) {
    return Promise.all(ns.map(loadShard)).then(function (loaded) {
      var by = {};
      ns.forEach(function (n, k) { by[n] = loaded[k]; });
      return by;
    });
  }
  // Every term starting with `p` in the shards `ns`: its documents, and title documents.
  function prefixLists(by, ns, p) {
    var a = [], t = [];
    ns.forEach(function (n) {
      var s = by[n];
      Object.keys(s).forEach(function (term) {
        if (term.lastIndexOf(p, 0) === 0) { a.push(decode(s[term].a)); t.push(decode(s[term].t)); }
      });
    });
    return { a: a.length ? union(a) : [], t: t.length ? union(t) : [] };
  }

  // ---- snippets ----
  function loadDoc(id) {
    if (!docs[id]) docs[id] = getJSON(base + "d/" + Math.floor(id / 1000) + "/" + id + ".json");
    return docs[id];
  }
  // A gzipped text part. A server may already have undone the gzip (Content-Encoding):
  // the magic bytes tell. Browsers without DecompressionStream get no snippet.
  function loadPart(id, j) {
    return fetch(base + "d/" + Math.floor(id / 1000) + "/" + id + "-" + j + ".gz").then(function (r) {
      if (!r.ok) throw new Error("part");
      return r.arrayBuffer();
    }).then(function (buf) {
      var b = new Uint8Array(buf);
      if (!(b[0] === 0x1f && b[1] === 0x8b)) return new TextDecoder().decode(b);
      if (typeof DecompressionStream === "undefined") return "";
      return new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    });
  }
  // Matches of `needle` in the folded text starting a word and, unless `prefix`, ending one:
  // [start, end) pairs.
  function matches(folded, needle, prefix) {
    var out = [], at = folded.indexOf(needle);
    while (at >= 0) {
      var end = at + needle.length;
      if ((at === 0 || folded[at - 1] === " ") && (prefix || end === folded.length || folded[end] === " ")) out.push([at, end]);
      at = folded.indexOf(needle, at + 1);
    }
    return out;
  }
  // `ws`: the query's words, each {w, p} (p: matched as a prefix).
  function marks(text, ws) {
    var folded = foldText(text), m = new Uint8Array(text.length), any = false;
    var phrase = ws.length > 1 ? matches(folded, ws.map(function (x) { return x.w; }).join(" "), ws[ws.length - 1].p) : [];
    var all = phrase.length ? phrase : [].concat.apply([], ws.map(function (x) { return matches(folded, x.w, x.p); }));
    all.forEach(function (r) { any = true; for (var k = r[0]; k < r[1]; k++) m[k] = 1; });
    var first = all.reduce(function (a, r) { return Math.min(a, r[0]); }, text.length);
    return { m: m, any: any, first: first };
  }
  function highlight(text, ws, from, to) {
    var r = marks(text, ws), out = "", open = false;
    from = from || 0; to = to === undefined ? text.length : to;
    for (var j = from; j < to; j++) {
      if (r.m[j] && !open) { out += "<mark>"; open = true; }
      if (!r.m[j] && open) { out += "</mark>"; open = false; }
      out += esc(text[j]);
    }
    return out + (open ? "</mark>" : "");
  }
  // A window of about 240 characters around the first match, cut at spaces.
  function snippet(text, ws) {
    var r = marks(text, ws);
    if (!r.any) return null;
    var start = Math.max(0, r.first - 80), lineStart = text.lastIndexOf("\n", r.first) + 1;
    if (start < lineStart) start = lineStart;
    else if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < r.first) start = sp + 1; }
    var end = Math.min(text.length, start + 240), nl = text.indexOf("\n", r.first);
    if (nl >= 0 && nl < end) end = nl;
    else if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > r.first) end = sp2; }
    return (start > 0 ? "…" : "") + highlight(text, ws, start, end) + (end < text.length ? "…" : "");
  }
  // The first part of the text with a match, else the summary.
  function snippetOf(id, doc, ws) {
    var j = 0;
    function more() {
      if (j >= doc.p) return Promise.resolve(doc.s ? highlight(doc.s, ws) : "");
      return loadPart(id, j++).then(function (part) { return snippet(part, ws) || more(); });
    }
    return more().catch(function () { return doc.s ? highlight(doc.s, ws) : ""; });
  }

  // ---- page ----
  function params() {
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    [["loai", kindSel], ["nam", yearSel]].forEach(function (p) {
      if (p[1] && p[1].value) url.searchParams.set(p[0], p[1].value); else url.searchParams.delete(p[0]);
    });
    if (page > 1) url.searchParams.set("trang", page); else url.searchParams.delete("trang");
    if (!input.value) url.searchParams.delete("q");
    return url;
  }
  function pageUrl(p) {
    var keep = page; page = p;
    var u = params().toString();
    page = keep;
    return u;
  }
  function run() {
    if (!manifest) return;
    var my = ++seq, started = performance.now();
    window.history.replaceState(null, "", params());
    var raw = input.value, all = words(raw).slice(0, MAX_WORDS);
    // The last word is still being typed when nothing follows it.
    var typing = raw.length > 0 && foldChar(raw[raw.length - 1]) !== " " ? all[all.length - 1] : null;
    var ws = [];
    all.forEach(function (w) { if (ws.indexOf(w) < 0) ws.push(w); });
    var pairs = [];
    for (var k = 0; k + 1 < all.length; k++) pairs.push([all[k], all[k + 1]]);
    var facets = [];
    if (kindSel.value) facets.push("!k" + kindSel.value);
    if (yearSel.value) facets.push("!y" + yearSel.value);
    if (!ws.length) { list.innerHTML = ""; status.textContent = ""; pager.hidden = true; return; }
    status.textContent = list.dataset.loading;
    var exactTerms = ws.concat(pairs.map(function (p) { return " " + p[0] + " " + p[1]; }), facets);
    var need = shardsOf(exactTerms), narrow = false, prefixOf = {};
    loadAll(need).then(function (by) {
      if (my !== seq) return;
      var found = {};
      need.forEach(function (n) { exactTerms.forEach(function (t) { if (by[n][t]) found[t] = by[n][t]; }); });
      // Words matched as prefixes: the one being typed, and unknown words, of 2+ characters.
      // A 1-character word being typed that is no word yet is left out until the next one.
      var spec = [];
      ws.forEach(function (w) {
        var p = w.length >= 2 && (w === typing || !found[w]);
        if (!p && !found[w] && w === typing && ws.length > 1) return;
        spec.push({ w: w, p: p });
      });
      var isPrefix = {};
      spec.forEach(function (x) { isPrefix[x.w] = x.p; });
      // Pairs ending in a prefix: every pair starting " a b", for phrase ranking.
      var ranges = [];
      spec.forEach(function (x) { if (x.p) ranges.push({ key: x.w, word: true }); });
      pairs.forEach(function (p) {
        if (isPrefix[p[1]] && isPrefix[p[0]] === false) ranges.push({ key: " " + p[0] + " " + p[1], word: false });
      });
      var extra = need.slice();
      ranges.forEach(function (r) {
        r.ns = [];
        prefixShards(r.key).forEach(function (n) {
          if (extra.indexOf(n) < 0) {
            if (extra.length >= MAX_SHARDS) { if (r.word) narrow = true; return; }
            extra.push(n);
          }
          r.ns.push(n);
        });
      });
      return loadAll(extra).then(function (by2) {
        ranges.forEach(function (r) { prefixOf[r.key] = prefixLists(by2, r.ns, r.key); });
        return { found: found, spec: spec };
      });
    }).then(function (q) {
      if (!q || my !== seq) return;
      var found = q.found;
      ws = q.spec;
      if (!ws.length) { list.innerHTML = ""; status.textContent = ""; pager.hidden = true; return; }
      function exact(t, f) { return found[t] ? decode(found[t][f]) : []; }
      function docsOf(x, f) { return x.p ? prefixOf[x.w][f] : exact(x.w, f); }
      var hits = intersect(ws.map(function (x) { return docsOf(x, "a"); }).concat(facets.map(function (t) { return exact(t, "a"); })));
      var flag = new Uint8Array(manifest.n);
      // Every word whole: exact postings of each.
      if (ws.some(function (x) { return x.p; })) {
        intersect(ws.map(function (x) { return exact(x.w, "a"); })).forEach(function (id) { flag[id] |= 4; });
      } else hits.forEach(function (id) { flag[id] |= 4; });
      var used = pairs.filter(function (p) {
        return ws.some(function (x) { return x.w === p[0]; }) && ws.some(function (x) { return x.w === p[1]; });
      });
      var pairDocs = used.map(function (p) {
        var key = " " + p[0] + " " + p[1];
        return prefixOf[key] ? prefixOf[key].a : found[key] ? decode(found[key].a) : null;
      });
      if (used.length && pairDocs.every(function (l) { return l && l.length; })) {
        intersect(pairDocs).forEach(function (id) { flag[id] |= 2; });
      }
      intersect(ws.map(function (x) { return docsOf(x, "t"); })).forEach(function (id) { flag[id] |= 1; });
      var buckets = [[], [], [], [], [], [], [], []];
      hits.forEach(function (id) { buckets[7 - flag[id]].push(id); });
      var ranked = [].concat.apply([], buckets);
      var pages = Math.max(1, Math.ceil(ranked.length / PER_PAGE));
      if (page > pages) page = pages;
      window.history.replaceState(null, "", params());
      var shown = ranked.slice((page - 1) * PER_PAGE, page * PER_PAGE);
      return Promise.all(shown.map(function (id) {
        return loadDoc(id).then(function (doc) {
          return snippetOf(id, doc, ws).then(function (s) { return { doc: doc, snip: s }; });
        });
      })).then(function (items) {
        if (my !== seq) return;
        list.innerHTML = "";
        items.forEach(function (it) {
          var e = it.doc, li = document.createElement("li");
          li.className = "item";
          li.innerHTML = '<a class="item-title" href="' + esc(e.u) + '">' + highlight(e.t, ws) + "</a>" +
            '<p class="meta"><span class="kind">' + esc(e.k) + "</span>" + (e.d ? " · " + esc(e.d) : "") + "</p>" +
            (it.snip ? '<p class="summary">' + it.snip + "</p>" : "");
          list.appendChild(li);
        });
        status.textContent = (ranked.length ? ranked.length.toLocaleString(document.documentElement.lang || undefined) + " " + list.dataset.results +
          (pages > 1 ? " · " + list.dataset.page.replace("{p}", page).replace("{n}", pages) : "") : list.dataset.none) +
          (narrow ? " · " + list.dataset.narrow : "");
        pager.hidden = pages < 2;
        prev.hidden = page < 2; prev.href = pageUrl(page - 1);
        next.hidden = page >= pages; next.href = pageUrl(page + 1);
        // Timings for benchmarks: this query, and since the page began loading.
        status.dataset.ms = Math.round(performance.now() - started);
        status.dataset.sincePageStart = Math.round(performance.now());
      });
    }).catch(function () { if (my === seq) status.textContent = list.dataset.failed; });
  }
  function go(p) { return function (ev) { ev.preventDefault(); page = p(); run(); window.scrollTo(0, 0); }; }
  prev.addEventListener("click", go(function () { return page - 1; }));
  next.addEventListener("click", go(function () { return page + 1; }));
  function fill(sel, options, value) {
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0]; opt.textContent = o[1];
      sel.appendChild(opt);
    });
    sel.value = value || "";
    sel.hidden = false;
    if (sel.previousElementSibling) sel.previousElementSibling.hidden = false;
    sel.addEventListener("change", function () { page = 1; run(); });
  }
  getJSON(base + "index.json").then(function (m) {
    manifest = m;
    var url = new URL(window.location.href);
    fill(kindSel, m.kinds, url.searchParams.get("loai"));
    fill(yearSel, m.years.map(function (y) { return [String(y), String(y)]; }), url.searchParams.get("nam"));
    page = Math.max(1, parseInt(url.searchParams.get("trang"), 10) || 1);
    var q = url.searchParams.get("q");
    if (q) input.value = q;
    run();
  }).catch(function () { status.textContent = list.dataset.failed; });
  input.addEventListener("input", function () { clearTimeout(timer); page = 1; timer = setTimeout(run, 200); });
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); page = 1; run(); });
})();
