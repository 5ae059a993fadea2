// Small enhancements; every page works without them.
// A select marked data-search gets a box above it: typing keeps the options whose
// text contains what was typed (any case, any part), so a list of 249 countries is
// quick to use. Chosen options of a multiple select always stay visible.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-search]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.placeholder = select.dataset.search;
    box.setAttribute("aria-label", (select.labels[0] ? select.labels[0].textContent.trim() + ": " : "") + select.dataset.search);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = box.value.toLocaleLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.text.toLocaleLowerCase().indexOf(needle) !== -1 || option.selected;
        option.hidden = !match;
        if (match && !first && option.value) { first = option; }
      });
      if (!select.multiple && first && needle) { select.value = first.value; }
    });
  });
});
