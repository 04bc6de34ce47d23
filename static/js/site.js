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
      // The words come from the page (data-progress-text), so they are in the page's language.
      var words = progress.getAttribute("data-progress-text") || "{answered} of {total} questions answered";
      progress.textContent = words.replace("{answered}", answered).replace("{total}", groups.length);
      if (fill) fill.style.transform = "scaleX(" + (answered / groups.length) + ")";
    };
    progress.parentElement.hidden = false;
    update();
    form.addEventListener("change", update);
  }
  // "Was this page useful?": send in place, then offer the comment box on the same page.
  // Without JavaScript the same forms post normally and a thank-you page answers.
  document.querySelectorAll("[data-feedback]").forEach(function (section) {
    var answer = section.querySelector("[data-feedback-answer]");
    var comment = section.querySelector("[data-feedback-comment]");
    var status = section.querySelector("[data-feedback-status]");
    if (!answer || !comment || !status || !window.fetch || !window.FormData) return;

    var send = function (form, submitter) {
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      return fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "omit",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.json();
      });
    };
    var fallback = function (form, submitter) {
      // The server did not answer in a way we understand: post the form the ordinary way.
      form.dataset.plain = "true";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    };

    answer.addEventListener("submit", function (event) {
      if (answer.dataset.plain) return;
      event.preventDefault();
      var submitter = event.submitter;
      send(answer, submitter).then(function (reply) {
        status.textContent = reply.message;
        if (!reply.ok) return;
        answer.hidden = true;
        comment.querySelector("input[name=token]").value = reply.token;
        comment.hidden = false;
        // The focused button has gone: keep keyboard users in place, at the next step.
        comment.querySelector("textarea").focus();
      }).catch(function () { fallback(answer, submitter); });
    });

    comment.addEventListener("submit", function (event) {
      if (comment.dataset.plain) return;
      event.preventDefault();
      send(comment, null).then(function (reply) {
        var errors = (reply.errors || []).join(" ");
        status.textContent = errors ? reply.message + " " + errors : reply.message;
        if (reply.ok) {
          comment.hidden = true;
          status.focus();
        }
      }).catch(function () { fallback(comment, null); });
    });
  });
})();
