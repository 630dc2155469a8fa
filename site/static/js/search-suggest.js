// Autocomplete for the search box: titles from /api/search/suggest/ as the input's datalist.
(function () {
  var input = document.querySelector("input[data-suggest-url]"), list = document.getElementById("search-suggestions"), timer;
  if (!input || !window.fetch) return;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!input.value.trim()) return;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(input.value)).then(function (r) { return r.json(); }).then(function (data) {
        list.replaceChildren.apply(list, data.suggestions.map(function (s) { var o = document.createElement("option"); o.value = s.title; return o; }));
      });
    }, 200);
  });
})();
