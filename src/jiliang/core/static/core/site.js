// The site's few behaviours, bound by data attributes so the pages need no inline script (the
// Content-Security-Policy allows scripts from our static files only; docs/security.md).
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var data = document.getElementById(el.dataset.chart);
      if (!data) return;
      // The view passes plotly's JSON text; json_script wraps it as a JSON string.
      var figure = JSON.parse(JSON.parse(data.textContent));
      Plotly.newPlot(el.id, figure.data, figure.layout,
        {displaylogo: false, responsive: true, displayModeBar: false});
      el.dataset.drawn = "1";
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("select[data-autosubmit]")) el.form.submit();
    if (el.matches("select[data-navigate]")) window.location = el.value;
  });

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-print]");
    if (el) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:load", function (event) { drawCharts(event.target); });
})();
