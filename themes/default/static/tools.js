// Shows the print button (hidden without JavaScript, where the browser's own Print works).
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
