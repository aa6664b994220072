// Report charts, drawn from the JSON the page embeds beside each canvas (the table under each
// chart holds the same numbers, so the page reads fine without JavaScript or for a screen reader).
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") return;

  var BAR = "#1c7ed6";
  var LINE = "#e03131";

  function rowsFor(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : [];
  }

  function percentTicks(value) {
    return value + "%";
  }

  function relistRate(canvas) {
    var rows = rowsFor(canvas);
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [{
          label: canvas.dataset.rateLabel,
          data: rows.map(function (row) { return row.rate; }),
          backgroundColor: BAR,
        }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: percentTicks } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                var row = rows[item.dataIndex];
                return row.relisted + " / " + row.pulled;
              },
            },
          },
        },
      },
    });
  }

  // The classic Pareto chart: bars by count, largest first, and the cumulative share as a line
  // on a second axis from 0 to 100%.
  function pareto(canvas) {
    var rows = rowsFor(canvas);
    return new window.Chart(canvas, {
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [
          {
            type: "bar",
            label: canvas.dataset.countLabel,
            data: rows.map(function (row) { return row.count; }),
            backgroundColor: BAR,
            yAxisID: "y",
            order: 2,
          },
          {
            type: "line",
            label: canvas.dataset.cumulativeLabel,
            data: rows.map(function (row) { return row.cumulative; }),
            borderColor: LINE,
            backgroundColor: LINE,
            yAxisID: "cumulative",
            order: 1,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 } },
          cumulative: {
            position: "right", min: 0, max: 100,
            grid: { drawOnChartArea: false },
            ticks: { callback: percentTicks },
          },
        },
      },
    });
  }

  var charts = { "relist-rate": relistRate, pareto: pareto };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = charts[canvas.dataset.chart];
    if (draw) draw(canvas);
  });
})();
