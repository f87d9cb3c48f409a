// The only script of the app: keyboard focus for the search box, a copy button, and the
// filters panel closed on a phone.
// Everything works without it; it is served from /static so the CSP allows no inline script.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(document.activeElement)) return;
    var box = document.getElementById("q");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
  // The box is focused by its autofocus attribute; put the caret after the query, not before it.
  var box = document.getElementById("q");
  if (box && box.hasAttribute("autofocus")) {
    var caretToEnd = function () { box.setSelectionRange(box.value.length, box.value.length); };
    if (document.activeElement === box) caretToEnd();
    else box.addEventListener("focus", caretToEnd, { once: true });
  }
  // On a phone the filters are a panel above the results, closed until asked for.
  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.querySelector("details.filters");
    if (filters && window.matchMedia && window.matchMedia("(max-width: 820px)").matches) {
      filters.removeAttribute("open");
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source || !navigator.clipboard) return;
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          button.textContent = "已复制";
        });
      });
    });
  });
})();
