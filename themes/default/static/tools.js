// Shows the print button (hidden without JavaScript, where the browser's own Print works).
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});

// "Lưu" saves the article as one self-contained HTML file: its text with the site's styles
// inside (so the copy looks like the page and prints like it), links made absolute, and the
// address it came from. Without JavaScript the link downloads the page as it is.
document.querySelectorAll("[data-save]").forEach(function (link) {
  link.addEventListener("click", function (ev) {
    var article = document.querySelector("main article") || document.querySelector("main");
    if (!article || !window.Blob || !window.URL || !URL.createObjectURL) return;
    ev.preventDefault();
    var copy = article.cloneNode(true);
    copy.querySelectorAll(".article-tools, script").forEach(function (n) { n.remove(); });
    copy.querySelectorAll("[href]").forEach(function (n) {
      if (n.getAttribute("href").charAt(0) !== "#") n.setAttribute("href", n.href);
    });
    copy.querySelectorAll("[src]").forEach(function (n) { n.setAttribute("src", n.src); });
    copy.querySelectorAll("[srcset]").forEach(function (n) { n.removeAttribute("srcset"); });
    var css = "";
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      var rules;
      try { rules = sheet.cssRules; } catch (e) { return; }
      var text = Array.prototype.map.call(rules, function (r) { return r.cssText; }).join("\n");
      var media = sheet.media && sheet.media.mediaText;
      css += media && media !== "all" ? "@media " + media + " {\n" + text + "\n}\n" : text + "\n";
    });
    var esc = function (s) {
      return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    };
    var source = link.getAttribute("data-source") || "Nguồn";
    var canonical = document.querySelector("link[rel=canonical]");
    var from = canonical ? canonical.href : location.origin + location.pathname;
    var html = "<!DOCTYPE html>\n<html lang=\"" + esc(document.documentElement.lang || "vi") + "\">\n<head>\n" +
      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
      "<title>" + esc(document.title) + "</title>\n<style>\n" + css + "</style>\n</head>\n<body>\n" +
      "<main class=\"wrap\">\n" + copy.outerHTML + "\n<p class=\"saved-from\">" + esc(source) + ": <a href=\"" +
      esc(from) + "\">" + esc(from) + "</a></p>\n</main>\n</body>\n</html>\n";
    var name = (location.pathname.replace(/\/+$/, "").split("/").pop() || "trang") + ".html";
    var url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  });
});
