// Turns a mouse selection inside a review section into offsets of the report's text for the
// "add evidence" form. The section's element holds exactly text[start:end], so the number of
// characters before the selection is its offset from data-offset.
(function () {
  "use strict";
  function offsetWithin(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  document.addEventListener("mouseup", function () {
    const form = document.getElementById("ledger-evidence-add");
    const selection = window.getSelection();
    if (!form || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const container = range.startContainer.parentElement && range.startContainer.parentElement.closest(".ledger-review-select");
    if (!container || !container.contains(range.endContainer)) return;
    const base = parseInt(container.dataset.offset, 10);
    const start = base + offsetWithin(container, range.startContainer, range.startOffset);
    const end = base + offsetWithin(container, range.endContainer, range.endOffset);
    if (end <= start) return;
    form.querySelector("[name=start]").value = start;
    form.querySelector("[name=end]").value = end;
    document.getElementById("ledger-selected-text").textContent = selection.toString();
    document.getElementById("ledger-add-evidence").disabled = false;
  });
})();
