// Behaviour the templates ask for with data attributes (the Content-Security-Policy allows no
// inline script): <select data-autosubmit> submits its form on change; <form data-confirm="…">
// asks before submitting; a form's error summary ([data-error-summary]) takes the focus when the
// page opens, so a phone shows it (and a screen reader reads it) instead of the page's top.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]") && event.target.form) event.target.form.submit();
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
