/* The pathway script: diagrams a reader can explore. It enhances the inline Graphviz diagrams that
   pathway.py draws; without it every diagram, link and table works as before.

   - Zoom and pan on every diagram but the legend: buttons, Ctrl (or ⌘) + wheel and a trackpad pinch,
     a two-finger pinch, dragging with the mouse, keys (+ − 0 F on the focused diagram; arrow keys
     scroll it), fit and reset; the whole map gets a small overview to move around it.
   - Focus by URL (#focus=<entity>): the entity and its neighbours are highlighted in every diagram
     and the rest dimmed, and the main diagram is brought to them; a button clears it.
   - The article overlay (#article=<article>, the pathway page's selector) dims every arrow the
     chosen article does not state.
   - Claims in place: an arrow whose row is on the page (the pathway table, an entity's list of
     arrows) opens that row's level and claims in a panel beside the diagram instead of jumping to
     the row.

   It reads what pathway.py and the templates write (classes ent-<entity> on nodes, end-<entity> and
   art-<article> on arrows; rows with id edge-<arrow> holding .arrow-name, .arrow-level and
   .arrow-claims), copies page content with cloneNode and textContent (never through HTML strings),
   and sets attributes and classes only, never a style attribute (the Content-Security-Policy
   refuses those). */
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const XLINK = "http://www.w3.org/1999/xlink";
  // Scales are CSS pixels per unit of a diagram (Graphviz draws in points).
  const NATURAL = 4 / 3; // Graphviz's own size
  const LEGIBLE = 1; // 11 pt labels are 11 px: a diagram opens no smaller than this unless it fits
  const CLOSEST = 4;
  const STEP = 1.25; // one press of a zoom button or key
  const viewers = [];

  function make(tag, attributes = {}, text = "") {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text) element.textContent = text;
    return element;
  }

  function button(label, text, action) {
    const b = make("button", { type: "button", class: "button", "aria-label": label }, text);
    b.addEventListener("click", action);
    return b;
  }

  /* A copy of page content without ids, which would otherwise be on the page twice. */
  function copy(element) {
    const clone = element.cloneNode(true);
    for (const e of [clone, ...clone.querySelectorAll("[id]")]) e.removeAttribute("id");
    return clone;
  }

  function classAfter(element, prefix) {
    return [...element.classList].filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
  }

  function words(node) {
    return [...node.querySelectorAll("text")].map((t) => t.textContent).join(" ");
  }

  class Viewer {
    constructor(figure, n) {
      this.figure = figure;
      this.svg = figure.querySelector("svg");
      const box = this.svg.viewBox.baseVal;
      this.width = box.width;
      this.height = box.height;
      this.whole = figure.classList.contains("whole");
      if (!figure.id) figure.id = `diagram-${n}`;
      this.frame = make("div", { class: "diagram-frame" });
      this.view = make("div", { class: "diagram-view" });
      figure.before(this.frame);
      this.frame.append(this.toolbar(), this.view);
      this.view.append(figure);
      figure.classList.add("zoomable");
      figure.setAttribute("aria-describedby", this.hint.id);
      if (this.whole) this.overview(); // before the click targets: the overview draws none
      this.clickTargets();
      this.scale = this.initial = Math.min(NATURAL, Math.max(LEGIBLE, this.fitScale()));
      this.apply();
      if (this.whole) this.showOverview(this.figure.clientWidth >= 600);
      this.listen();
    }

    toolbar() {
      const bar = make("div", { class: "diagram-tools", role: "group", "aria-label": "Zoom and move" });
      this.hint = make("span", { class: "diagram-hint muted", id: `${this.figure.id}-hint` },
        "Drag or scroll to move; Ctrl + wheel, pinch or the keys + − 0 F to zoom.");
      bar.append(
        button("Zoom out", "−", () => this.zoomBy(1 / STEP)),
        button("Zoom in", "+", () => this.zoomBy(STEP)),
        button("Fit the whole diagram in view", "Fit", () => this.fit()),
        button("Reset the zoom to the first view", "Reset", () => this.reset()),
      );
      if (this.whole) {
        this.overviewButton = button("Overview", "Overview", () => this.showOverview(this.overviewBox.hidden));
        bar.append(this.overviewButton);
      }
      bar.append(this.hint);
      this.status = make("p", { class: "diagram-status", role: "status" });
      this.statusText = make("span");
      this.clearButton = button("Clear the highlight", "Clear", () => {
        focusOn("", true);
        this.figure.focus(); // the button is gone: keep the keyboard where it was
      });
      this.clearButton.hidden = true;
      this.status.append(this.statusText, " ", this.clearButton);
      bar.append(this.status);
      return bar;
    }

    /* Under every arrow, a wide, invisible line that is a link to the same place: an arrow is as easy
       to hit as a node. They lie under every node and every arrow's own line (the first layer of the
       drawing), so that none covers another arrow's line or a node; they are hidden from assistive
       technology and out of the tab order, as the arrow's own link is the one to reach. */
    clickTargets() {
      this.targets = new Map(); // invisible link -> the arrow's own
      const layer = document.createElementNS(SVG, "g");
      layer.setAttribute("class", "hit-layer");
      layer.setAttribute("aria-hidden", "true");
      for (const link of this.svg.querySelectorAll("g.edge a")) {
        const target = document.createElementNS(SVG, "a");
        target.setAttribute("class", "hit-link");
        target.setAttribute("tabindex", "-1");
        for (const name of ["href", "title"]) {
          const value = link.getAttributeNS(XLINK, name);
          if (value !== null) target.setAttributeNS(XLINK, `xlink:${name}`, value);
        }
        for (const line of link.querySelectorAll("path")) {
          const hit = document.createElementNS(SVG, "path");
          hit.setAttribute("d", line.getAttribute("d"));
          target.append(hit);
        }
        this.targets.set(target, link);
        layer.append(target);
      }
      layer.addEventListener("mousedown", (e) => e.preventDefault()); // a click does not focus it
      const graph = this.svg.querySelector("g.graph");
      graph.insertBefore(layer, graph.querySelector("g.node, g.edge"));
    }

    // --- scale and position --------------------------------------------------------------------

    fitScale() {
      const height = parseFloat(getComputedStyle(this.figure).maxHeight) || innerHeight * 0.8;
      return Math.min((this.figure.clientWidth - 2) / this.width, (height - 2) / this.height);
    }

    apply() {
      this.svg.setAttribute("width", (this.width * this.scale).toFixed(1));
      this.svg.setAttribute("height", (this.height * this.scale).toFixed(1));
      this.drawLens();
    }

    /* The diagram's point (in units) under the page point x, y. */
    unitAt(x, y) {
      const r = this.svg.getBoundingClientRect();
      return [(x - r.left) / this.scale, (y - r.top) / this.scale];
    }

    /* Scroll so that the diagram's point u, v is under the page point x, y (or as near as it goes). */
    put(u, v, x, y) {
      const r = this.svg.getBoundingClientRect();
      this.figure.scrollLeft += r.left + u * this.scale - x;
      this.figure.scrollTop += r.top + v * this.scale - y;
    }

    centre() {
      const r = this.figure.getBoundingClientRect();
      return [r.left + this.figure.clientLeft + this.figure.clientWidth / 2,
        r.top + this.figure.clientTop + this.figure.clientHeight / 2];
    }

    zoomTo(scale, x, y) {
      if (x === undefined) [x, y] = this.centre();
      const [u, v] = this.unitAt(x, y);
      this.scale = Math.min(CLOSEST, Math.max(Math.min(LEGIBLE, this.fitScale()), scale));
      this.apply();
      this.put(u, v, x, y);
    }

    zoomBy(factor) {
      this.zoomTo(this.scale * factor);
    }

    fit() {
      this.scale = Math.min(NATURAL, this.fitScale());
      this.apply();
      this.figure.scrollTo(0, 0);
    }

    reset() {
      this.scale = this.initial;
      this.apply();
      this.figure.scrollTo(0, 0);
    }

    /* Zoom out as far as needed (never closer than the first view) to show `nodes`, centred; where
       they are too far apart for that at a scale whose labels can still be read (8 px), show as
       much of them as that scale does, centred on `centre`. */
    show(nodes, centre) {
      const box = (list) => {
        const rects = list.map((n) => n.getBoundingClientRect());
        return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)),
          top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
      };
      const all = box(nodes);
      const room = Math.min(0.9 * this.figure.clientWidth / ((all.right - all.left) / this.scale),
        0.9 * this.figure.clientHeight / ((all.bottom - all.top) / this.scale));
      const least = 0.75 * LEGIBLE;
      const shown = room >= least ? all : box([centre]);
      const [u, v] = this.unitAt((shown.left + shown.right) / 2, (shown.top + shown.bottom) / 2);
      this.scale = Math.max(least, Math.min(this.initial, room));
      this.apply();
      this.put(u, v, ...this.centre());
    }

    // --- the overview (the whole map) ----------------------------------------------------------

    overview() {
      this.overviewBox = make("div", { class: "diagram-overview", "aria-hidden": "true" });
      const small = this.svg.cloneNode(true);
      for (const e of small.querySelectorAll("text, title, desc")) e.remove();
      for (const e of [small, ...small.querySelectorAll("*")]) {
        for (const name of ["id", "class", "role", "aria-label", "font-size", "width", "height"]) e.removeAttribute(name);
        e.removeAttributeNS(XLINK, "href"); // no links: nothing in it can take focus
        e.removeAttributeNS(XLINK, "title");
        e.removeAttribute("href");
      }
      this.lens = document.createElementNS(SVG, "rect");
      this.lens.setAttribute("class", "overview-lens");
      small.append(this.lens);
      this.overviewBox.append(small);
      this.view.append(this.overviewBox);
      const go = (e) => {
        const r = small.getBoundingClientRect();
        this.put((e.clientX - r.left) / r.width * this.width, (e.clientY - r.top) / r.height * this.height, ...this.centre());
      };
      this.overviewBox.addEventListener("pointerdown", (e) => {
        this.overviewBox.setPointerCapture(e.pointerId);
        go(e);
      });
      this.overviewBox.addEventListener("pointermove", (e) => {
        if (this.overviewBox.hasPointerCapture(e.pointerId)) go(e);
      });
    }

    showOverview(shown) {
      this.overviewBox.hidden = !shown;
      this.overviewButton.setAttribute("aria-pressed", String(shown));
      this.drawLens();
    }

    /* The part of the whole map in view, as a rectangle on the overview. */
    drawLens() {
      if (!this.lens || this.overviewBox.hidden) return;
      const r = this.svg.getBoundingClientRect(), f = this.figure.getBoundingClientRect();
      const x = Math.max(0, (f.left + this.figure.clientLeft - r.left) / this.scale);
      const y = Math.max(0, (f.top + this.figure.clientTop - r.top) / this.scale);
      const width = Math.min(this.width - x, this.figure.clientWidth / this.scale);
      const height = Math.min(this.height - y, this.figure.clientHeight / this.scale);
      for (const [name, value] of Object.entries({ x, y, width, height })) this.lens.setAttribute(name, value.toFixed(1));
    }

    // --- input ---------------------------------------------------------------------------------

    listen() {
      const figure = this.figure;
      let frame = 0;
      figure.addEventListener("scroll", () => {
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; this.drawLens(); });
      }, { passive: true });
      // A plain wheel scrolls the diagram and then the page, as any scrolling box does; Ctrl (⌘)
      // + wheel zooms, as does a trackpad pinch, which browsers report as a wheel with Ctrl.
      figure.addEventListener("wheel", (e) => {
        if (!(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        this.zoomTo(this.scale * Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), e.clientX, e.clientY);
      }, { passive: false });
      figure.addEventListener("keydown", (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const action = { "+": () => this.zoomBy(STEP), "=": () => this.zoomBy(STEP), "-": () => this.zoomBy(1 / STEP),
          "0": () => this.reset(), f: () => this.fit(), F: () => this.fit() }[e.key];
        if (action) {
          e.preventDefault();
          action();
        }
      });
      // Dragging with the mouse moves the diagram; the click that ends a drag follows no link.
      let drag = null, dragged = false;
      figure.addEventListener("pointerdown", (e) => {
        dragged = false;
        if (e.pointerType === "mouse" && e.button === 0) {
          drag = { id: e.pointerId, x: e.clientX, y: e.clientY, left: figure.scrollLeft, top: figure.scrollTop, moving: false };
        }
      });
      figure.addEventListener("pointermove", (e) => {
        if (!drag || e.pointerId !== drag.id) return;
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (!drag.moving && Math.hypot(dx, dy) < 4) return;
        if (!drag.moving) {
          drag.moving = true;
          figure.setPointerCapture(e.pointerId);
          figure.classList.add("dragging");
        }
        figure.scrollLeft = drag.left - dx;
        figure.scrollTop = drag.top - dy;
      });
      const end = () => {
        if (drag && drag.moving) {
          dragged = true;
          figure.classList.remove("dragging");
        }
        drag = null;
      };
      figure.addEventListener("pointerup", end);
      figure.addEventListener("pointercancel", end);
      figure.addEventListener("click", (e) => {
        if (dragged) {
          dragged = false;
          e.preventDefault();
          e.stopPropagation();
        }
      }, true);
      figure.addEventListener("dragstart", (e) => e.preventDefault());
      // Two fingers pinch: the point between them stays under them. One finger scrolls, natively.
      let pinch = null;
      const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
      const middle = (t) => [(t[0].clientX + t[1].clientX) / 2, (t[0].clientY + t[1].clientY) / 2];
      figure.addEventListener("touchstart", (e) => {
        if (e.touches.length === 2) pinch = { spread: spread(e.touches), scale: this.scale, at: this.unitAt(...middle(e.touches)) };
      }, { passive: true });
      figure.addEventListener("touchmove", (e) => {
        if (!pinch || e.touches.length !== 2) return;
        e.preventDefault();
        this.scale = Math.min(CLOSEST, Math.max(Math.min(LEGIBLE, this.fitScale()), pinch.scale * spread(e.touches) / pinch.spread));
        this.apply();
        this.put(...pinch.at, ...middle(e.touches));
      }, { passive: false });
      figure.addEventListener("touchend", (e) => {
        if (e.touches.length < 2) pinch = null;
      });
      // An arrow whose row is on this page opens the row's claims beside the diagram.
      figure.addEventListener("click", (e) => {
        if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        const link = e.target.closest("g.edge a") || this.targets.get(e.target.closest("a.hit-link"));
        const row = link && rowOf(link);
        if (!row) return;
        e.preventDefault();
        panel.open(this, link, row);
      });
    }
  }

  // --- claims in place ---------------------------------------------------------------------------

  /* The row on this page that an arrow's link leads to (by its #edge-... fragment), with its claims. */
  function rowOf(link) {
    const href = (link.href && link.href.baseVal) || link.getAttribute("href") || "";
    const hash = href.slice(href.indexOf("#") + 1);
    if (!href.includes("#") || !hash.startsWith("edge-")) return null;
    const row = document.getElementById(hash);
    return row && row.querySelector(".arrow-name") && row.querySelector(".arrow-claims") ? { row, href, hash } : null;
  }

  const panel = {
    element: null,
    viewer: null,
    link: null,

    build() {
      this.element = make("section", { class: "arrow-panel", "aria-labelledby": "arrow-panel-title" });
      const head = make("div", { class: "arrow-panel-head" });
      this.title = make("h3", { id: "arrow-panel-title", tabindex: "-1" });
      head.append(this.title, button("Close the claims of this arrow", "Close", () => this.close(true)));
      this.level = make("p", { class: "arrow-panel-level" });
      this.claims = make("div", { class: "arrow-panel-claims" });
      this.more = make("a", { class: "arrow-panel-row" });
      const more = make("p");
      more.append(this.more);
      this.element.append(head, this.level, this.claims, more);
    },

    open(viewer, link, { row, href, hash }) {
      if (!this.element) this.build();
      this.close(false);
      this.viewer = viewer;
      this.link = link;
      this.title.replaceChildren(...copy(row.querySelector(".arrow-name")).childNodes);
      const level = row.querySelector(".arrow-level");
      this.level.replaceChildren(...(level ? ["Strength of what these articles cite: ", ...copy(level).childNodes] : []));
      this.level.hidden = !level;
      this.claims.replaceChildren(copy(row.querySelector(".arrow-claims")));
      const here = href.startsWith("#");
      this.more.setAttribute("href", href);
      this.more.textContent = here ? "This arrow's row in the table below" : "This arrow on the pathway page";
      this.selected(true);
      viewer.frame.append(this.element);
      viewer.frame.classList.add("has-panel");
      const r = link.getBoundingClientRect(), f = viewer.figure.getBoundingClientRect();
      if (r.right < f.left || r.left > f.right || r.bottom < f.top || r.top > f.bottom) {
        viewer.put(...viewer.unitAt((r.left + r.right) / 2, (r.top + r.bottom) / 2), ...viewer.centre());
      }
      if (here) history.replaceState(history.state, "", `#${hash}`); // the address names the arrow
      this.title.focus();
    },

    /* The arrow whose claims are open is drawn with a halo (its invisible line, shown). */
    selected(on) {
      this.link.closest("g.edge").classList.toggle("is-selected", on);
      for (const [target, link] of this.viewer.targets) if (link === this.link) target.classList.toggle("is-selected", on);
    },

    close(back) {
      if (!this.viewer) return;
      this.selected(false);
      this.viewer.frame.classList.remove("has-panel");
      this.element.remove();
      if (back) this.link.focus();
      this.viewer = this.link = null;
    },
  };

  // --- focus and the article overlay, from the address ---------------------------------------------

  function wanted() {
    const found = new URLSearchParams(location.hash.slice(1));
    return { focus: found.get("focus") || "", article: found.get("article") || "" };
  }

  function remember(name, value) {
    const state = { ...wanted(), [name]: value };
    const found = new URLSearchParams();
    for (const key of ["focus", "article"]) if (state[key]) found.set(key, state[key]);
    const hash = found.toString();
    history.replaceState(history.state, "", hash ? `#${hash}` : location.pathname + location.search);
  }

  function focusOn(entity, byReader = false) {
    for (const viewer of viewers) {
      viewer.svg.classList.remove("focusing");
      for (const e of viewer.svg.querySelectorAll(".is-focus, .is-near")) e.classList.remove("is-focus", "is-near");
      viewer.statusText.textContent = "";
      viewer.clearButton.hidden = true;
    }
    if (byReader) remember("focus", entity);
    const shown = [];
    for (const viewer of entity ? viewers : []) {
      const node = viewer.svg.querySelector(`g.node.ent-${CSS.escape(entity)}`);
      if (!node) continue;
      const near = new Set([entity]);
      for (const arrow of viewer.svg.querySelectorAll(`g.edge.end-${CSS.escape(entity)}`)) {
        arrow.classList.add("is-near");
        for (const end of classAfter(arrow, "end-")) near.add(end);
      }
      const nodes = [...near].map((id) => viewer.svg.querySelector(`g.node.ent-${CSS.escape(id)}`)).filter(Boolean);
      for (const n of nodes) n.classList.add("is-near");
      node.classList.add("is-focus");
      viewer.svg.classList.add("focusing");
      shown.push({ viewer, node, nodes });
    }
    if (!shown.length) return;
    // the whole map is the one brought into view, or else the first diagram that draws the entity
    const { viewer, node, nodes } = shown.find((s) => s.viewer.whole) || shown[0];
    const others = nodes.length - 1;
    viewer.statusText.textContent = `${words(node)} and ${others === 1 ? "its 1 neighbour" : `its ${others} neighbours`} are highlighted.`;
    viewer.clearButton.hidden = false;
    viewer.show(nodes, node);
    if (!byReader) viewer.frame.scrollIntoView({ block: "start" });
  }

  const picker = document.getElementById("overlay-article");
  const overlayStatus = document.querySelector(".overlay-status");

  function overlay(article, byReader = false) {
    if (byReader) remember("article", article);
    let stated = 0, drawn = 0, map = null;
    for (const viewer of viewers) {
      viewer.svg.classList.toggle("overlaying", Boolean(article));
      const ends = new Set();
      for (const arrow of viewer.svg.querySelectorAll("g.edge")) {
        const on = Boolean(article) && arrow.classList.contains(`art-${article}`);
        arrow.classList.toggle("is-stated", on);
        if (on) for (const end of classAfter(arrow, "end-")) ends.add(end);
        if (viewer.whole) {
          drawn += 1;
          stated += on;
          map = viewer;
        }
      }
      for (const node of viewer.svg.querySelectorAll("g.node")) {
        node.classList.toggle("is-stated", classAfter(node, "ent-").some((id) => ends.has(id)));
      }
    }
    if (!overlayStatus) return;
    const title = picker && picker.selectedIndex > 0 ? picker.options[picker.selectedIndex].textContent : "";
    const where = map ? document.getElementById(map.figure.getAttribute("aria-labelledby")) : null;
    overlayStatus.textContent = article && title
      ? `“${title}” states ${stated} of the ${drawn} arrows on ${where ? where.textContent.toLowerCase() : "the map"}; the others are dimmed.`
      : "";
  }

  function fromAddress() {
    const { focus, article } = wanted();
    focusOn(focus);
    if (picker) {
      picker.value = article;
      if (picker.value !== article) picker.value = ""; // an article that states no arrow here
      overlay(picker.value);
    }
  }

  // --- start -------------------------------------------------------------------------------------

  for (const hidden of document.querySelectorAll(".needs-script[hidden]")) hidden.hidden = false;
  const figures = [...document.querySelectorAll("figure.diagram")].filter((f) => f.querySelector("svg") && !f.closest(".legend"));
  figures.forEach((figure, n) => viewers.push(new Viewer(figure, n)));
  if (picker) picker.addEventListener("change", () => overlay(picker.value, true));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && panel.viewer && panel.viewer.frame.contains(document.activeElement)) panel.close(true);
  });
  window.addEventListener("hashchange", () => {
    const found = new URLSearchParams(location.hash.slice(1));
    if (found.has("focus") || found.has("article")) fromAddress();
  });
  fromAddress();
})();
