// The evidence matrix (matrix.html): its filters, and each cell's claims opened in place, in a dialog
// over the matrix. Without this script the filters stay hidden and each cell links to its list of
// claims further down the page, which is also what the dialog shows: its content is cloned from that
// list, so nothing from the project is ever parsed as HTML here.
(function () {
  "use strict";
  var table = document.querySelector("table.matrix");
  var filters = document.getElementById("matrix-filters");
  var status = document.getElementById("matrix-status");
  if (!table || !filters || !status) return;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var cells = table.querySelectorAll("td.cell");
  var headerRow = table.tHead.rows[0];
  var bodyRows = table.tBodies[0].rows;

  // --- Filters -------------------------------------------------------------------------------------
  // Each control names, in data-filter, the data attribute of a cell it reads: a <select> keeps the
  // cells whose attribute (a space-separated list) holds its value; a fieldset of checkboxes keeps
  // those holding any ticked value. A row or column left without a matching cell is hidden whole, so
  // that a filtered matrix fits a phone.
  var controls = filters.querySelectorAll("[data-filter]");

  function wanted(control) {
    if (control.tagName === "SELECT") return control.value ? [control.value] : null;
    var ticked = [];
    each(control.querySelectorAll("input:checked"), function (box) { ticked.push(box.value); });
    return ticked.length ? ticked : null;
  }

  function matches(cell, active) {
    return active.every(function (filter) {
      var values = (cell.getAttribute("data-" + filter.name) || "").split(" ");
      return filter.values.some(function (v) { return values.indexOf(v) >= 0; });
    });
  }

  function apply() {
    var active = [];
    each(controls, function (control) {
      var values = wanted(control);
      if (values) active.push({ name: control.getAttribute("data-filter"), values: values });
    });
    var columnShown = [true];
    var shown = 0;
    each(bodyRows, function (row) {
      var any = false;
      each(row.cells, function (cell, i) {
        if (!cell.classList.contains("cell")) return;
        var ok = matches(cell, active);
        cell.classList.toggle("filtered-out", !ok);
        var note = cell.querySelector(".filter-note");
        if (!ok && !note) {
          note = document.createElement("span");
          note.className = "filter-note visually-hidden";
          note.textContent = "not in the filter";
          cell.append(note);
        } else if (ok && note) {
          note.remove();
        }
        if (ok) {
          any = true;
          columnShown[i] = true;
          shown += 1;
        }
      });
      row.hidden = !any;
    });
    each([headerRow].concat(Array.prototype.slice.call(bodyRows)), function (row) {
      each(row.cells, function (cell, i) { cell.hidden = !columnShown[i]; });
    });
    status.textContent = active.length
      ? shown + " of " + cells.length + " cells match" + (shown ? "." : ": choose another filter.")
      : "";
  }

  each(controls, function (control) { control.addEventListener("change", apply); });
  filters.hidden = false;

  // --- A cell's claims, in place -------------------------------------------------------------------
  if (typeof HTMLDialogElement !== "function") return;  // an old browser keeps the links to the lists
  var dialog = document.createElement("dialog");
  dialog.className = "cell-dialog";
  dialog.setAttribute("aria-labelledby", "cell-dialog-title");
  var bar = document.createElement("div");
  bar.className = "cell-dialog-bar";
  var title = document.createElement("h2");
  title.id = "cell-dialog-title";
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = "Close";
  close.autofocus = true;
  close.addEventListener("click", function () { dialog.close(); });
  bar.append(title, close);
  var body = document.createElement("div");
  dialog.append(bar, body);
  document.body.append(dialog);
  var opener = null;

  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener("click", function (event) {
    var box = dialog.getBoundingClientRect();
    if (event.target === dialog && (event.clientX < box.left || event.clientX > box.right ||
                                    event.clientY < box.top || event.clientY > box.bottom)) {
      dialog.close();
    }
  });
  dialog.addEventListener("close", function () {
    if (opener) opener.focus();
  });

  // A copy of part of the page without its ids, which must stay unique to the list it came from.
  function copy(node) {
    var clone = node.cloneNode(true);
    if (clone.removeAttribute) clone.removeAttribute("id");
    if (clone.querySelectorAll) each(clone.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
    return clone;
  }

  function open(section, link) {
    var heading = section.querySelector("h3");
    title.replaceChildren.apply(title, Array.prototype.map.call(heading.childNodes, copy));
    body.replaceChildren();
    each(section.children, function (child) {
      if (child !== heading) body.append(copy(child));
    });
    var below = document.createElement("p");
    var to = document.createElement("a");
    to.href = "#" + section.id;
    to.textContent = "These claims in the list below the matrix";
    to.addEventListener("click", function () { opener = null; dialog.close(); });
    below.append(to);
    body.append(below);
    opener = link;
    dialog.showModal();
  }

  each(cells, function (cell) {
    var link = cell.querySelector("a[href^='#']");
    if (!link) return;
    link.setAttribute("aria-haspopup", "dialog");
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var section = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!section) return;
      event.preventDefault();
      open(section, link);
    });
  });
})();
