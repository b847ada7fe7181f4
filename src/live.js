// katalog serve's live reload: reloads the page when the site is rebuilt, swaps stylesheets
// without a navigation, and shows build errors in an overlay (as text, never as HTML).
(function () {
  "use strict";
  var overlay = null;
  function clearOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showErrors(list) {
    clearOverlay();
    if (!list.length) return;
    overlay = document.createElement("div");
    overlay.id = "katalog-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#000;padding:2rem;font:16px/1.5 system-ui,sans-serif;border:6px solid #b00020";
    var h = document.createElement("h2");
    h.textContent = "katalog: " + list.length + (list.length === 1 ? " error" : " errors") + " — the last good version is shown behind this";
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    list.forEach(function (d) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = d.text;
      li.appendChild(code);
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
    document.body.appendChild(overlay);
  }
  var source = new EventSource("/__katalog/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("errors", function (e) { showErrors(JSON.parse(e.data)); });
  source.addEventListener("css", function () {
    clearOverlay();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      link.href = url.toString();
    });
  });
})();
