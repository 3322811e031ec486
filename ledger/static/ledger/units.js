// The unit pickers of a commitment's 台账 block: select2 over the body's units, and a name typed that is not in
// the list becomes a new unit of the body when the form is saved (the option's value is then the name).
(function () {
  "use strict";
  function start() {
    const $ = window.django && window.django.jQuery;
    if (!$ || !$.fn.select2) return;
    $(".ledger-unit-select").each(function () {
      const multiple = this.multiple;
      $(this).select2({
        tags: true,
        width: "32em",
        allowClear: !multiple,
        placeholder: this.dataset.placeholder || "",
        language: document.documentElement.lang === "zh-hans" ? "zh-CN" : "en",
        // A unit is found by its name shortened as offices shorten one: its characters in order (财经工委 finds
        // 财政经济工作委员会), as the server's unit search does (selectors.abbreviation_q).
        matcher: function (params, data) {
          const term = $.trim(params.term || "").replace(/\s+/g, "");
          if (!term) return data;
          const name = data.text || "";
          let at = 0;
          for (const character of term) {
            at = name.indexOf(character, at);
            if (at < 0) return null;
            at += character.length;
          }
          return data;
        },
        // The body's units that match come first; the name as typed (a new unit) last.
        insertTag: function (data, tag) {
          data.push(tag);
        },
        createTag: function (params) {
          const term = $.trim(params.term);
          return term ? {id: term, text: term, newTag: true} : null;
        },
      });
      // Partner units are kept in the order chosen (a 台账 lists them by rank); a form posts its options in the order
      // they stand, so the one chosen goes last.
      if (multiple) {
        $(this).on("select2:select", function (event) {
          const option = event.params.data.element;
          if (option) {
            $(this).append(option).trigger("change");
          }
        });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
