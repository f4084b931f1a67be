/* The library, enhanced. Everything here also works without JavaScript:
   - the filters open on wide screens and fold on phones (CSS does it where it can);
   - a ticked checkbox or radio button applies the filters at once (the Apply button stays for
     the words, years and sort order: arrowing through a select must not reload the page), and
     focus comes back to the control after the reload;
   - empty fields are left out of the address (the server would redirect to drop them). */
(function () {
  "use strict";
  var panel = document.getElementById("filter-panel");
  var form = document.querySelector("form.filters");
  if (!panel || !form) return;

  var wide = window.matchMedia("(min-width: 48em)");
  var FOCUS_KEY = "library-focus";
  var restoring = null;
  try {
    restoring = window.sessionStorage.getItem(FOCUS_KEY);
    window.sessionStorage.removeItem(FOCUS_KEY);
  } catch (error) { /* storage may be off: focus then starts at the top */ }

  function fit() {
    panel.open = wide.matches || Boolean(restoring);
  }
  fit();
  wide.addEventListener("change", function () { restoring = null; fit(); });

  if (restoring) {
    // By name and value: facet choices come and go as the counts change, so ids shift.
    var saved = restoring.split("\n");
    var selector = "[name=\"" + CSS.escape(saved[0]) + "\"]";
    if (saved.length > 1) selector += "[value=\"" + CSS.escape(saved[1]) + "\"]";
    var control = form.querySelector(selector);
    if (control) {
      var fold = control.closest("details");
      if (fold) fold.open = true;
      control.focus();
    }
  }

  var hint = document.createElement("p");
  hint.className = "hint";
  hint.id = "filters-apply-hint";
  hint.textContent = "Results update as soon as you tick a box or choose an option.";
  form.querySelector("h2").insertAdjacentElement("afterend", hint);
  form.setAttribute("aria-describedby", hint.id);

  function go() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") params.append(name, value);
    });
    var query = params.toString();
    window.location.assign(form.action + (query ? "?" + query : ""));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    go();
  });
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches("input[type=checkbox], input[type=radio]")) return;
    try {
      window.sessionStorage.setItem(FOCUS_KEY, target.name + "\n" + target.value);
    } catch (error) { /* focus is not restored: nothing else is lost */ }
    go();
  });
})();
