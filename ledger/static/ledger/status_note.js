// The status form offers the note of the status set before, to mend. Choosing another status empties it, so that a new
// reason is not written onto the old one (the history keeps the old); the old note stays in view as the placeholder,
// and choosing the status back brings it back.
(function () {
  "use strict";
  function start() {
    const form = document.querySelector("#ledger-status form");
    if (!form) return;
    const status = form.querySelector("select[name=status]");
    const note = form.querySelector("textarea[name=note]");
    if (!status || !note || !note.defaultValue) return;
    const initial = status.value;
    status.addEventListener("change", function () {
      if (status.value === initial) {
        if (!note.value) note.value = note.defaultValue;
        note.placeholder = "";
      } else if (note.value === note.defaultValue) {
        note.value = "";
        note.placeholder = form.dataset.previousNote;
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
