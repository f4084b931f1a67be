// Give the admin's autocomplete (select2) widgets an accessible name, taken from the label or
// aria-label of the <select> they replace. Only an enhancement: without it the form still works.
(function () {
  "use strict";
  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var text = select.getAttribute("aria-label") || (label && label.textContent) || "";
    return text.replace(/:\s*$/, "").trim();
  }
  function label(root) {
    (root || document).querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var widget = select.nextElementSibling;
      var name = nameOf(select);
      if (!widget || !widget.classList.contains("select2") || !name) return;
      widget.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
        el.setAttribute("aria-label", name);
        el.removeAttribute("aria-labelledby");
      });
      // select2 puts its "clear all" button straight into the list of choices: a list may
      // only hold list items (axe: list), so it becomes one.
      widget.querySelectorAll("ul > .select2-selection__clear").forEach(function (el) {
        el.setAttribute("role", "listitem");
      });
    });
  }
  // Django's autocomplete.js initialises select2 when the document is ready; run after it,
  // and once more when everything has loaded.
  document.addEventListener("DOMContentLoaded", function () { setTimeout(label, 0); });
  window.addEventListener("load", function () { label(); });
  document.addEventListener("formset:added", function (event) {
    setTimeout(function () { label(event.target); }, 0);
  });
  document.addEventListener("select2:close", function () { label(); });
  // jQuery events (select2's own) do not reach addEventListener: watch the widgets instead.
  new MutationObserver(function () { label(); }).observe(document.body, { childList: true, subtree: true });
})();
