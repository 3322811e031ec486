// A task's page has several forms (status, 台账 columns, progress, evidence), each saved on its own: what a person
// typed into one is lost when they submit another. Ask first, naming the loss (the message comes translated from
// the page: #ledger-unsaved's data-message); and before a deletion.
(function () {
  "use strict";
  // Whether a field holds something other than what the page gave it (typed and erased again is no change).
  function fieldChanged(field) {
    if (["hidden", "submit", "button", "reset"].includes(field.type)) return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      const options = Array.from(field.options);
      if (field.multiple) return options.some(function (o) { return o.selected !== o.defaultSelected; });
      const given = Math.max(0, options.findIndex(function (o) { return o.defaultSelected; }));
      return options.length > 0 && field.selectedIndex !== given;
    }
    return "defaultValue" in field && field.value !== field.defaultValue;
  }
  function formChanged(form) {
    // A form given back what a refused save typed holds it unsaved, as it came (data-restored).
    if (form.dataset.restored) return true;
    return Array.from(form.elements).some(fieldChanged);
  }
  function start() {
    const holder = document.getElementById("ledger-unsaved");
    if (!holder) return;
    const forms = Array.from(document.querySelectorAll("#content form[method=post]"));
    forms.forEach(function (form) {
      // A button that undoes something (a progress entry deleted) asks with its own words (data-confirm).
      form.querySelectorAll("button[data-confirm]").forEach(function (button) {
        button.addEventListener("click", function (event) {
          if (!window.confirm(button.dataset.confirm)) event.preventDefault();
        });
      });
      form.addEventListener("submit", function (event) {
        const others = forms.filter(function (other) { return other !== form && formChanged(other); });
        if (others.length && !window.confirm(holder.dataset.message)) event.preventDefault();
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
