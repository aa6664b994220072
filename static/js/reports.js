// Report charts, drawn from the JSON the page embeds beside each canvas (the table under each
// chart holds the same numbers, so the page reads fine without JavaScript or for a screen reader).
//
// Every bar says how many it is drawn from ("2 of 3") in its tooltip and above it, so one pull is
// never shown as a bare 100%; a bar drawn from fewer than the page's small-sample size is hatched
// and lighter, with a legend entry that says so. The comparison period sits beside each bar in grey.
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") return;

  var BAR = "#1c7ed6";
  var BEFORE = "#868e96";
  var LINE = "#e03131";
  var INK = "#343a40";
  var LABEL_CHARS = 18;

  function rowsFor(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : [];
  }

  var textsNode = document.getElementById("chart-texts");
  var TEXTS = textsNode ? JSON.parse(textsNode.textContent) : {};

  function countText(n, total) {
    return (TEXTS.of || "{n} of {total}").replace("{n}", n).replace("{total}", total);
  }

  function percentTicks(value) {
    return value + "%";
  }

  // Long supplier or product names: cut on the axis (the tooltip title has the whole name).
  function shortLabel(label) {
    label = String(label);
    return label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "…" : label;
  }

  function categoryTicks(value) {
    return shortLabel(this.getLabelForValue(value));
  }

  // A lighter, hatched fill for a small sample: seen without relying on the colour alone.
  function hatched(color) {
    var tile = document.createElement("canvas");
    tile.width = 8;
    tile.height = 8;
    var context = tile.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 8, 8);
    context.globalAlpha = 0.35;
    context.fillStyle = color;
    context.fillRect(0, 0, 8, 8);
    context.globalAlpha = 1;
    context.strokeStyle = color;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.moveTo(-2, 2);
    context.lineTo(2, -2);
    context.moveTo(6, 10);
    context.lineTo(10, 6);
    context.stroke();
    return context.createPattern(tile, "repeat");
  }

  function fills(rows, color, smallKey) {
    var pattern = hatched(color);
    return rows.map(function (row) { return row[smallKey] ? pattern : color; });
  }

  // The legend entry "small sample": a dataset with no values, drawn hatched in the legend only.
  function smallSampleLegend() {
    return { type: "bar", label: TEXTS.small || "small sample", data: [], backgroundColor: hatched(INK), borderColor: INK, borderWidth: 1, order: 9 };
  }

  // Writes each bar's "n of N" (dataset.counts) just above it; a shorter "n/N" when the bar is narrow.
  var countMarks = {
    id: "countMarks",
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      context.save();
      context.fillStyle = INK;
      context.textAlign = "center";
      context.textBaseline = "bottom";
      context.font = "11px system-ui, sans-serif";
      chart.data.datasets.forEach(function (dataset, index) {
        if (!dataset.counts) return;
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach(function (bar, at) {
          var count = dataset.counts[at];
          if (!count) return;
          var text = countText(count[0], count[1]);
          if (context.measureText(text).width > bar.width + 6) text = count[0] + "/" + count[1];
          if (context.measureText(text).width > bar.width + 14) return;
          context.fillText(text, bar.x, bar.y - 2);
        });
      });
      context.restore();
    },
  };

  function tooltipTitle(rows) {
    return function (items) { return items.length ? String(rows[items[0].dataIndex].label) : ""; };
  }

  function smallNote(flag) {
    return flag ? TEXTS.small || "small sample" : "";
  }

  function relistRate(canvas) {
    var rows = rowsFor(canvas);
    var rateText = function (rate, n, total) {
      return rate === null ? TEXTS.none || "–" : rate.toFixed(2) + "% (" + countText(n, total) + ")";
    };
    return new window.Chart(canvas, {
      type: "bar",
      plugins: [countMarks],
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [
          {
            label: TEXTS.period || canvas.dataset.rateLabel,
            data: rows.map(function (row) { return row.rate; }),
            backgroundColor: fills(rows, BAR, "small"),
            borderColor: BAR,
            borderWidth: 1,
            counts: rows.map(function (row) { return [row.relisted, row.pulled]; }),
            details: rows.map(function (row) { return [row.rate, row.relisted, row.pulled, row.small]; }),
          },
          {
            label: TEXTS.before || "",
            data: rows.map(function (row) { return row.before_rate; }),
            backgroundColor: fills(rows, BEFORE, "before_small"),
            borderColor: BEFORE,
            borderWidth: 1,
            counts: rows.map(function (row) { return row.before_pulled ? [row.before_relisted, row.before_pulled] : null; }),
            details: rows.map(function (row) { return [row.before_rate, row.before_relisted, row.before_pulled, row.before_small]; }),
          },
          smallSampleLegend(),
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 16 } },
        scales: {
          x: { ticks: { callback: categoryTicks, autoSkip: false, maxRotation: 60 } },
          y: { beginAtZero: true, max: 100, ticks: { callback: percentTicks } },
        },
        plugins: {
          legend: { display: true, position: "bottom" },
          tooltip: {
            callbacks: {
              title: tooltipTitle(rows),
              label: function (item) {
                var detail = item.dataset.details[item.dataIndex];
                return item.dataset.label + ": " + rateText(detail[0], detail[1], detail[2]);
              },
              afterLabel: function (item) { return smallNote(item.dataset.details[item.dataIndex][3]); },
            },
          },
        },
      },
    });
  }

  // The classic Pareto chart: bars by count, largest first, and the cumulative share as a line
  // on a second axis from 0 to 100%; the comparison period's count of the same cause beside each bar.
  function pareto(canvas) {
    var rows = rowsFor(canvas);
    return new window.Chart(canvas, {
      plugins: [countMarks],
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [
          {
            type: "bar",
            label: (TEXTS.period || "") + ": " + canvas.dataset.countLabel,
            data: rows.map(function (row) { return row.count; }),
            backgroundColor: fills(rows, BAR, "small"),
            borderColor: BAR,
            borderWidth: 1,
            yAxisID: "y",
            order: 2,
            counts: rows.map(function (row) { return [row.count, row.total]; }),
            details: rows.map(function (row) { return [row.count, row.total, row.small]; }),
          },
          {
            type: "bar",
            label: TEXTS.before || "",
            data: rows.map(function (row) { return row.before_count; }),
            backgroundColor: fills(rows, BEFORE, "before_small"),
            borderColor: BEFORE,
            borderWidth: 1,
            yAxisID: "y",
            order: 3,
            counts: rows.map(function (row) { return row.before_total ? [row.before_count, row.before_total] : null; }),
            details: rows.map(function (row) { return [row.before_count, row.before_total, row.before_small]; }),
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
          smallSampleLegend(),
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 16 } },
        scales: {
          x: { ticks: { callback: categoryTicks, autoSkip: false, maxRotation: 60 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
          cumulative: {
            position: "right", min: 0, max: 100,
            grid: { drawOnChartArea: false },
            ticks: { callback: percentTicks },
          },
        },
        plugins: {
          legend: { display: true, position: "bottom" },
          tooltip: {
            callbacks: {
              title: tooltipTitle(rows),
              label: function (item) {
                var detail = item.dataset.details && item.dataset.details[item.dataIndex];
                if (!detail) return item.dataset.label + ": " + item.formattedValue + "%";
                return item.dataset.label + ": " + countText(detail[0], detail[1]);
              },
              afterLabel: function (item) {
                var detail = item.dataset.details && item.dataset.details[item.dataIndex];
                return detail ? smallNote(detail[2]) : "";
              },
            },
          },
        },
      },
    });
  }

  var charts = { "relist-rate": relistRate, pareto: pareto };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = charts[canvas.dataset.chart];
    if (draw) canvas.chart = draw(canvas);
  });
})();
