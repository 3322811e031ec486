// A task's page has several forms (status, 台账 columns, progress, evidence), each saved on its own: what a person
// typed into one is lost when they submit another. Ask first, naming the loss (the message comes translated from
// the page: #ledger-unsaved's data-message); and before a deletion.
(function () {
  "use strict";
  function start() {
    const holder = document.getElementById("ledger-unsaved");
    if (!holder) return;
    const forms = Array.from(document.querySelectorAll("#content form[method=post]"));
    const edited = new Set();
    const mark = function (form) { return function () { edited.add(form); }; };
    forms.forEach(function (form) {
      form.addEventListener("input", mark(form));
      form.addEventListener("change", mark(form));
      // select2 reports its changes as jQuery events only.
      const $ = window.django && window.django.jQuery;
      if ($) $(form).on("change", mark(form));
      // A button that undoes something (a progress entry deleted) asks with its own words (data-confirm).
      form.querySelectorAll("button[data-confirm]").forEach(function (button) {
        button.addEventListener("click", function (event) {
          if (!window.confirm(button.dataset.confirm)) event.preventDefault();
        });
      });
      form.addEventListener("submit", function (event) {
        const others = forms.filter(function (other) { return other !== form && edited.has(other); });
        if (others.length && !window.confirm(holder.dataset.message)) event.preventDefault();
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
