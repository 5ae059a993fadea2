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

  // A select marked data-submit-on-change sends its form when a choice is made (the
  // language, the reporting period); without the script a button under <noscript> does.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Picking a name from the registry appends it as the next line of its field, so the
  // plan's order is kept (the measure form; the pickers stay hidden without the script).
  document.querySelectorAll("[data-body-picker]").forEach(function (picker) {
    var input = picker.querySelector("input");
    var target = document.getElementById(picker.dataset.bodyPicker);
    function add() {
      var name = input.value.trim();
      if (!name) { return; }
      var text = target.value.replace(/\s+$/, "");
      target.value = text ? text + "\n" + name : name;
      input.value = "";
      input.focus();
    }
    picker.hidden = false;
    picker.querySelector("button").addEventListener("click", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); add(); }
    });
  });
  // A form marked data-ctrl-enter is sent with Ctrl+Enter (or Cmd+Enter) from any of its
  // fields, a text area included (the hotline's call form, kept for the keyboard).
  document.querySelectorAll("form[data-ctrl-enter]").forEach(function (form) {
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  });
});
