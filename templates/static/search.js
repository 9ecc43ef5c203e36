// The search page: a small interface of our own on Pagefind's JavaScript API (pagefind/pagefind.js).
// The index holds whatever strangers wrote in the project's files, so every string from it (titles,
// excerpts, filter values) is put on the page as text (textContent, text nodes), never parsed as
// HTML. Result URLs are site-relative: the base is the site root as seen from this script
// (assets/search.js), so search works under any subpath. The address holds the search (?q=term and
// one parameter per ticked filter value, such as &verdict=Overstated), so a search can be shared,
// and Back goes to the filters ticked before.
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  // The filters the pages declare (data-pagefind-filter in the templates), in the order shown.
  var FILTERS = [["kind", "Kind of page"], ["article", "Article"], ["entity", "Entity"],
                 ["type", "Claim type"], ["evidence", "Evidence"], ["verdict", "Verdict"]];
  var box = document.getElementById("search");
  var root = new URL("..", document.currentScript.src);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function link(href, text, className) {
    var a = element("a", className, text);
    a.href = href;
    return a;
  }

  function claimsListInstead() {
    var p = element("p", null, "Every claim is also listed on ");
    p.append(link(new URL("claims/index.html", root).href, "All claims"), ".");
    return p;
  }

  if (location.protocol === "file:") {
    box.append(element("p", null, "Search needs the site to be served over HTTP (it cannot load its index from a file)."),
               claimsListInstead());
    return;
  }

  var input = element("input");
  input.type = "search";
  input.id = "search-input";
  input.autocomplete = "off";
  input.setAttribute("aria-labelledby", "search-title");
  input.setAttribute("aria-describedby", "search-help");
  var bar = element("div", "search-bar");
  bar.setAttribute("role", "search");
  bar.append(input);
  var filterBox = element("div", "search-filters");
  var status = element("p", "search-status");
  status.setAttribute("role", "status");
  var list = element("ol", "search-results");
  var more = element("button", "search-more", "Load more results");
  more.type = "button";
  more.hidden = true;
  var output = element("div", "search-output");
  output.setAttribute("aria-busy", "true");  // until the index is loaded and the first search has run
  output.append(status, list, more);
  var layout = element("div", "search-layout");
  layout.append(filterBox, output);
  box.append(bar, layout);

  // Pagefind's excerpts are page text with '<' and '>' written as &lt; and &gt; (nothing else is
  // escaped) and each matching word wrapped in <mark>...</mark>. Page text cannot hold a real '<', so
  // splitting on the two tags leaves the marked words at odd positions; the rest goes in as text.
  function excerpt(text) {
    var p = element("p", "search-excerpt");
    (text || "").split(/<\/?mark>/).forEach(function (part, i) {
      part = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (part) p.append(i % 2 ? element("mark", null, part) : document.createTextNode(part));
    });
    return p;
  }

  // Pagefind makes result URLs from the indexed files' paths; a link is made only to this site.
  function onThisSite(url) {
    var resolved = new URL(url, location.href);
    return resolved.origin === location.origin ? resolved.href : null;
  }

  function titled(url, title, className) {
    var href = onThisSite(url);
    return href ? link(href, title, className) : element("span", className, title);
  }

  // The first value of one of the page's filters, or null.
  function firstValue(data, name) {
    var values = data.filters && Object.prototype.hasOwnProperty.call(data.filters, name) ? data.filters[name] : null;
    return values && values.length ? values[0] : null;
  }

  // What kind of page it is and, for a claim, its article (from the page's filters) above its
  // title, and its verdict (symbol and label, from the page's meta) below; then, as Pagefind's own
  // interface shows them: the page's excerpt (from the part before its first heading, where that
  // part matches), then up to three sections with the most matches, in page order.
  function resultItem(data) {
    var item = element("li", "search-result");
    var kind = firstValue(data, "kind"), article = firstValue(data, "article");
    var about = [kind && kind.charAt(0).toUpperCase() + kind.slice(1), article].filter(Boolean).join(" · ");
    if (about) item.append(element("p", "search-result-about", about));
    var heading = element("h2", "search-result-title");
    heading.append(titled(data.url, (data.meta && data.meta.title) || data.url, "search-result-link"));
    item.append(heading);
    if (data.meta && data.meta.verdict) {
      var verdict = element("p", "search-result-verdict");
      verdict.append(element("span", "visually-hidden", "Verdict: "), element("span", null, data.meta.verdict));
      item.append(verdict);
    }
    var sections = data.sub_results || [];
    var top = sections[0] && sections[0].url === ((data.meta && data.meta.url) || data.url) ? sections.shift() : null;
    item.append(excerpt(top ? top.excerpt : data.excerpt));
    if (sections.length > 3) {
      var best = sections.slice().sort(function (a, b) { return b.locations.length - a.locations.length; }).slice(0, 3);
      sections = sections.filter(function (s) { return best.indexOf(s) >= 0; });
    }
    if (sections.length) {
      var sub = element("ul", "search-sections");
      sections.forEach(function (section) {
        var li = element("li");
        li.append(titled(section.url, section.title, "search-section-link"), excerpt(section.excerpt));
        sub.append(li);
      });
      item.append(sub);
    }
    return item;
  }

  // One collapsible group of checkboxes per filter; the values checked in one group combine with
  // "or", the groups with "and".
  var boxes = {};
  function buildFilters(available) {
    FILTERS.forEach(function (filter) {
      var name = filter[0], values = Object.keys(available[name] || {}).sort(function (a, b) { return a.localeCompare(b); });
      if (!values.length) return;
      var group = element("details", "search-filter");
      var fieldset = element("fieldset");
      fieldset.append(element("legend", "visually-hidden", filter[1]));
      boxes[name] = values.map(function (value) {
        var label = element("label");
        var checkbox = element("input");
        checkbox.type = "checkbox";
        checkbox.value = value;
        checkbox.addEventListener("change", function () { remember(true); search(0); });
        var text = element("span", null, value + " ");
        text.append(element("span", "search-count"));
        label.append(checkbox, text);
        fieldset.append(label);
        return checkbox;
      });
      group.append(element("summary", null, filter[1]), fieldset);
      filterBox.append(group);
    });
  }

  // Pagefind's counts are plain objects keyed by the values: a value such as "constructor" must not
  // find what every object inherits.
  function count(counts, name, value) {
    var values = counts[name] || {};
    return Object.prototype.hasOwnProperty.call(values, value) ? values[value] : 0;
  }

  function showCounts(counts) {
    Object.keys(boxes).forEach(function (name) {
      boxes[name].forEach(function (checkbox) {
        checkbox.parentNode.querySelector(".search-count").textContent = "(" + count(counts, name, checkbox.value) + ")";
      });
    });
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(boxes).forEach(function (name) {
      var values = boxes[name].filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
      if (values.length) chosen[name] = { any: values };
    });
    return chosen;
  }

  // The address of the search as it stands: ?q=... and one parameter per ticked value.
  function address() {
    var params = new URLSearchParams(), query = input.value.trim(), chosen = chosenFilters();
    if (query) params.set("q", query);
    FILTERS.forEach(function (filter) {
      (chosen[filter[0]] ? chosen[filter[0]].any : []).forEach(function (value) { params.append(filter[0], value); });
    });
    var search = params.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  }

  // Typing replaces the address; ticking a filter adds one, so Back unticks it.
  function remember(asNewEntry) {
    var now = address();
    if (now !== location.pathname + location.search + location.hash) {
      history[asNewEntry ? "pushState" : "replaceState"](null, "", now);
    }
  }

  // The search the address holds: its words in the box, its values ticked (their groups opened).
  function restore() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(boxes).forEach(function (name) {
      var wanted = params.getAll(name);
      boxes[name].forEach(function (checkbox) {
        checkbox.checked = wanted.indexOf(checkbox.value) >= 0;
        if (checkbox.checked) checkbox.closest("details").open = true;
      });
    });
  }

  var pagefind, totals, found = [], shown = 0, searchNumber = 0;

  // The next PAGE_SIZE results as list items; null when a newer search has started meanwhile.
  async function nextItems(number) {
    var page = found.slice(shown, shown + PAGE_SIZE);
    shown += page.length;
    var data = await Promise.all(page.map(function (result) { return result.data(); }));
    return number === searchNumber ? data.map(resultItem) : null;
  }

  // The count beside a value is how many results ticking it would add. Pagefind counts within the
  // results, which is that for a filter with nothing ticked; for one with values ticked ("or"), the
  // counts come from a search without its own values.
  async function countsBeside(query, filters, counts) {
    counts = Object.assign({}, counts);
    for (var name in filters) {
      var others = Object.assign({}, filters);
      delete others[name];
      counts[name] = query || Object.keys(others).length
        ? (await pagefind.search(query || null, { filters: others })).filters[name] : totals[name];
    }
    return counts;
  }

  // The results region is aria-busy from a keystroke or a ticked filter until its results are shown.
  // Typing waits for a pause (`wait` ms) before it searches.
  async function search(wait) {
    var number = ++searchNumber, query = input.value.trim(), filters = chosenFilters();
    var asked = query || Object.keys(filters).length;
    output.setAttribute("aria-busy", "true");
    // debouncedSearch answers null when a later search has started meanwhile
    var response = asked ? await pagefind.debouncedSearch(query || null, { filters: filters }, wait || 0)
                         : { results: [], filters: totals };
    if (!response || number !== searchNumber) return;
    var counts = await countsBeside(query, filters, response.filters);
    if (number !== searchNumber) return;
    found = response.results;
    shown = 0;
    var items = await nextItems(number);
    if (!items) return;
    list.replaceChildren.apply(list, items);
    more.hidden = shown >= found.length;
    showCounts(counts);
    var total = found.length ? found.length + (found.length === 1 ? " result" : " results") : "No results";
    status.textContent = !asked ? "" : query ? total + " for “" + query + "”" : total;
    output.removeAttribute("aria-busy");
  }

  async function showMore() {
    more.hidden = true;  // until these are on screen: pages come in order
    var items = await nextItems(searchNumber);
    if (!items) return;
    list.append.apply(list, items);
    more.hidden = shown >= found.length;
    // a keyboard reader who asked for more goes on at the first new result
    var next = items.length && items[0].querySelector("a");
    if (next) next.focus();
  }

  async function start() {
    try {
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ baseUrl: root.pathname, excerptLength: 20 });
      await pagefind.init();
      totals = await pagefind.filters();
    } catch (error) {
      box.textContent = "";
      box.append(element("p", null, "Search could not load its index."), claimsListInstead());
      return;
    }
    buildFilters(totals);
    showCounts(totals);
    input.addEventListener("input", function () { remember(false); search(250); });
    more.addEventListener("click", showMore);
    window.addEventListener("popstate", function () { restore(); search(0); });
    // words typed while the index loaded stay, unless the address holds a search of its own
    if (location.search) restore();
    remember(false);
    search(0);
  }

  start();
})();
