// Behaviour the templates ask for with data attributes (the Content-Security-Policy allows no
// inline script): <select data-autosubmit> submits its form on change; <form data-confirm="…">
// asks before submitting.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]") && event.target.form) event.target.form.submit();
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
