// Narrows a page's tables of claims (the claims index, an entity's page) by verdict and by article,
// without a server. The page renders the filter box hidden, and each claim row with its verdict and
// article in data-verdict and data-article; without this script the box stays hidden and every row
// shows. Values ticked in one group combine with "or", the groups with "and". A table, and a section
// marked data-filter-group, is hidden while none of its rows shows. The count of rows shown is
// announced (the status line is a live region).
(function () {
  "use strict";
  var box = document.querySelector(".row-filters");
  if (!box) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("main tr[data-verdict]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("main [data-filter-group]"));
  rows.forEach(function (row) {
    var table = row.closest("table");
    if (groups.indexOf(table) < 0) groups.push(table);
  });
  var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
  var status = box.querySelector(".row-filters-status");
  var clear = box.querySelector(".row-filters-clear");

  function claims(n) {
    return n + (n === 1 ? " claim" : " claims");
  }

  function apply() {
    var wanted = {};  // group name (verdict, article) -> the values ticked in it
    boxes.forEach(function (checkbox) {
      if (checkbox.checked) (wanted[checkbox.name] = wanted[checkbox.name] || []).push(checkbox.value);
    });
    var names = Object.keys(wanted), shown = 0;
    rows.forEach(function (row) {
      var keep = names.every(function (name) { return wanted[name].indexOf(row.dataset[name]) >= 0; });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-verdict]:not([hidden])");
    });
    clear.hidden = !names.length;
    status.textContent = !names.length ? "Showing all " + claims(rows.length) + "."
      : shown ? "Showing " + shown + " of " + claims(rows.length) + "."
      : "No claim has the verdicts and articles ticked.";
  }

  box.addEventListener("change", apply);
  clear.addEventListener("click", function () {
    boxes.forEach(function (checkbox) { checkbox.checked = false; });
    apply();
    boxes[0].focus();  // the button hides itself: focus stays in the filters
  });
  apply();
  box.hidden = false;
})();
