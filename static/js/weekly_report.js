// The weekly report's trend charts: each team's bad-pull rate per ISO week against the target line.
// A week with few verdicts is labelled with its counts ("1 of 1"), never a bare 100%.
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") return;

  document.querySelectorAll('canvas[data-chart="bad-pull-trend"]').forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    var points = source ? JSON.parse(source.textContent) : [];
    var target = parseFloat(canvas.dataset.target);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: points.map(function (p) { return p.week; }),
        datasets: [
          {
            label: canvas.dataset.rateLabel,
            data: points.map(function (p) { return p.rate; }),
            borderColor: "#1c7ed6",
            backgroundColor: "#1c7ed6",
            spanGaps: true,
            pointRadius: points.map(function (p) { return p.breach ? 6 : p.small ? 4 : 3; }),
            // A rate from few verdicts (a small sample) is drawn hollow, and its tooltip says so.
            pointBackgroundColor: points.map(function (p) { return p.small ? "#ffffff" : p.breach ? "#c92a2a" : "#1c7ed6"; }),
            pointBorderColor: points.map(function (p) { return p.breach ? "#c92a2a" : "#1c7ed6"; }),
            pointBorderWidth: points.map(function (p) { return p.small ? 2 : 1; }),
          },
          {
            label: canvas.dataset.targetLabel,
            data: points.map(function () { return target; }),
            borderColor: "#e03131",
            borderDash: [6, 4],
            pointRadius: 0,
          },
          {
            // The legend's entry for the hollow points; no values of its own.
            label: canvas.dataset.smallLabel || "small sample",
            data: [],
            borderColor: "#1c7ed6",
            backgroundColor: "#ffffff",
            pointStyle: "circle",
            pointBorderWidth: 2,
            showLine: false,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, suggestedMax: Math.max(target * 2, 1), ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          title: { display: true, text: canvas.dataset.title },
          tooltip: {
            callbacks: {
              label: function (item) {
                if (item.datasetIndex === 1) return canvas.dataset.targetLabel + ": " + target + "%";
                var p = points[item.dataIndex];
                return p.rate + "% (" + p.bad + " " + (canvas.dataset.of || "of") + " " + p.with_verdict + ")";
              },
              afterLabel: function (item) {
                if (item.datasetIndex !== 0) return "";
                return points[item.dataIndex].small ? canvas.dataset.smallLabel || "" : "";
              },
            },
          },
        },
      },
      plugins: [{
        // The counts above each point: a rate on one verdict reads "1 of 1", not a bare 100%.
        id: "counts",
        afterDatasetsDraw: function (chart) {
          var ctx = chart.ctx;
          var meta = chart.getDatasetMeta(0);
          ctx.save();
          ctx.font = "10px sans-serif";
          ctx.fillStyle = "#495057";
          ctx.textAlign = "center";
          meta.data.forEach(function (element, index) {
            var p = points[index];
            if (p.rate === null || p.with_verdict >= 20 || p.bad === 0) return;
            ctx.fillText(p.bad + " " + (canvas.dataset.of || "of") + " " + p.with_verdict, element.x, element.y - 8);
          });
          ctx.restore();
        },
      }],
    });
  });
})();
