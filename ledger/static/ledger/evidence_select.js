// Turns a selection inside a review section into offsets of the report's text for the "add evidence" form,
// made with the mouse or with the keyboard (Tab into the text, Shift and the arrow keys). The textarea is not
// `readonly` (Chromium moves no caret in a read-only textarea, so the keyboard could not select): typing,
// pasting and deleting are refused here instead, and any change is put back. The
// textarea holds exactly text[start:end] of the review, so a selection's offsets inside it plus data-offset
// are offsets into the report's text (counted in characters, as Python counts them, not UTF-16 units).
(function () {
  "use strict";
  function characters(text) {
    return Array.from(text).length;
  }
  function take(area) {
    const form = document.getElementById("ledger-evidence-add");
    if (!form || area.selectionEnd <= area.selectionStart) return;
    const base = parseInt(area.dataset.offset, 10);
    const before = area.value.slice(0, area.selectionStart);
    const selected = area.value.slice(area.selectionStart, area.selectionEnd);
    const start = base + characters(before);
    const end = start + characters(selected);
    form.querySelector("[name=start]").value = start;
    form.querySelector("[name=end]").value = end;
    document.getElementById("ledger-selected-text").textContent = selected;
    document.getElementById("ledger-add-evidence").disabled = false;
  }
  document.addEventListener("beforeinput", function (event) {
    if (event.target.classList && event.target.classList.contains("ledger-review-select")) event.preventDefault();
  });
  document.addEventListener("input", function (event) {
    const area = event.target;
    if (area.classList && area.classList.contains("ledger-review-select") && area.value !== area.defaultValue) {
      area.value = area.defaultValue;
    }
  });
  for (const type of ["select", "mouseup", "keyup"]) {
    document.addEventListener(type, function (event) {
      const area = event.target;
      if (area && area.classList && area.classList.contains("ledger-review-select")) take(area);
    });
  }
})();
