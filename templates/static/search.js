// Starts the Pagefind search UI. Result URLs are site-relative, so the base is the site root as
// seen from this script (assets/search.js): that makes search work under any subpath.
// ?q=term in the address runs that search.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (typeof PagefindUI === "undefined" || window.location.protocol === "file:") {
    box.textContent = "Search needs the site to be served over HTTP (it cannot load its index from a file). " +
      "Every claim is also listed on the All claims page.";
    return;
  }
  var script = document.querySelector('script[src$="assets/search.js"]');
  var root = new URL("..", script.src).pathname;
  var ui = new PagefindUI({ element: "#search", baseUrl: root, showSubResults: true, showImages: false });
  // Pagefind labels its box with a title only: name it by the visible page heading instead.
  var input = box.querySelector("input");
  if (input) {
    input.id = "search-input";
    input.setAttribute("aria-labelledby", "search-title");
    input.setAttribute("aria-describedby", "search-help");
  }
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
});
