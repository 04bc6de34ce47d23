/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // "Print this page": a real button once we know scripting works.
  document.querySelectorAll(".print-control").forEach(function (control) {
    var button = control.querySelector(".print-control__button");
    var hint = control.querySelector(".print-control__hint");
    if (!button) return;
    button.hidden = false;
    if (hint) hint.hidden = true;
    button.addEventListener("click", function () { window.print(); });
  });

  // Move focus to the error summary so screen readers announce it (autofocus may be ignored).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // Its links jump to the first answer of a question; scroll so the question (the legend)
    // shows too, not only the answers (jumping to the radio alone hides the question above).
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var fieldset = input && input.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      if (!legend) return;
      event.preventDefault();
      legend.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // Checklist progress: "5 of 14 questions answered", with a bar that stays in view.
  var form = document.getElementById("checklist-form");
  var progress = document.querySelector("[data-progress]");
  if (form && progress) {
    var groups = form.querySelectorAll("fieldset");
    var fill = document.querySelector("[data-progress-fill]");
    var update = function () {
      var answered = 0;
      groups.forEach(function (group) {
        if (group.querySelector("input[type=radio]:checked")) answered += 1;
      });
      progress.textContent = answered + " of " + groups.length + " questions answered";
      if (fill) fill.style.transform = "scaleX(" + (answered / groups.length) + ")";
    };
    progress.parentElement.hidden = false;
    update();
    form.addEventListener("change", update);
  }
})();
