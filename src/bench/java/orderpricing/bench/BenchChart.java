package orderpricing.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import orderpricing.bench.BenchReport.Cell;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's chart, drawn by XChart: median wall seconds against order count, both axes logarithmic, one line per
 * way and input, coloured by way (BenchReport.WAYS), solid with circles for the first input (Parquet), dashed with
 * diamonds for the second (JSON Lines), dotted with squares for any further. SVG or PNG, by the file's extension.
 *
 * <p>Its main draws the chart again from saved reports, whose wall-time tables hold the medians (the raw runs are not
 * kept in git): {@code BenchChart [--title TITLE] --out OUT.svg[,OUT.png] REPORT.md...}; the sizes' inputs (parquet,
 * jsonl) are drawn, the shapes and the rates sitting are not, as in the report.
 */
final class BenchChart {
  private BenchChart() {}

  private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT};
  private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE};

  /** cells: input, then orders, then way key. */
  static void write(Map<String, Map<Long, Map<String, Cell>>> cells, String title, Path out) throws IOException {
    XYChart chart = new XYChartBuilder().width(980).height(560).title(title)
        .xAxisTitle("orders (log scale)").yAxisTitle("wall seconds, median (log scale)").build();
    var style = chart.getStyler();
    style.setXAxisLogarithmic(true).setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(false)
        .setPlotGridLinesColor(new Color(0xe4e4e4)).setPlotGridLinesStroke(new BasicStroke(1f))
        .setxAxisTickLabelsFormattingFunction(BenchChart::orders).setyAxisTickLabelsFormattingFunction(BenchChart::seconds)
        .setPlotBackgroundColor(Color.WHITE).setChartBackgroundColor(Color.WHITE).setMarkerSize(8)
        .setLegendPosition(LegendPosition.OutsideE).setLegendBorderColor(Color.WHITE).setLegendSeriesLineLength(36);
    List<String> inputs = new ArrayList<>(cells.keySet());
    for (String input : inputs) {
      int i = Math.min(inputs.indexOf(input), LINES.length - 1);
      for (String[] way : BenchReport.WAYS) {
        List<Long> orders = new ArrayList<>();
        List<Double> walls = new ArrayList<>();
        cells.get(input).forEach((n, byWay) -> {
          Cell c = byWay.get(way[0]);
          if (c != null && c.ok()) { orders.add(n); walls.add(c.median()); }
        });
        if (orders.isEmpty()) continue;
        Color colour = Color.decode(way[2]);
        chart.addSeries(way[1] + ", " + input, orders, walls).setMarker(MARKERS[i]).setMarkerColor(colour)
            .setLineColor(colour).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                LINES[i].getDashArray(), 0f));
      }
    }
    if (chart.getSeriesCollection().isEmpty()) {
      chart.setTitle(title + ": no successful runs");
      style.setAxisTicksVisible(false);
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      if (out.toString().endsWith(".png")) BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
      else VectorGraphicsEncoder.saveVectorGraphic(chart, o, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
  }

  static String orders(double v) {
    long n = Math.round(v);
    if (n >= 1_000_000 && n % 1_000_000 == 0) return n / 1_000_000 + "M";
    return n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "k" : Long.toString(n);
  }

  /** 1, 2 and 5 of each decade labelled (the log axis ticks every 1 to 9), as 0.5 s, 1 s, 20 s. */
  static String seconds(double v) {
    long mantissa = Math.round(v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)));
    if (mantissa != 1 && mantissa != 2 && mantissa != 5) return "";
    return (v >= 1 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "")) + " s";
  }

  /** Draws the chart of saved reports again from the medians of their wall-time tables. */
  public static void main(String[] argv) throws IOException {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (args.positional.isEmpty() || !args.options.containsKey("out")) {
      BenchInputs.usage("BenchChart [--title TITLE] --out OUT.svg[,OUT.png] REPORT.md...");
    }
    Map<String, Map<Long, Map<String, Cell>>> cells = new LinkedHashMap<>();
    String title = args.get("title", null);
    for (String report : args.positional) {
      List<String> lines = Files.readAllLines(Path.of(report), StandardCharsets.UTF_8);
      if (title == null) title = lines.get(0).replaceFirst("^# ", "");
      boolean table = false;
      for (String line : lines) {
        if (line.startsWith("## ")) table = line.startsWith("## Wall time");
        String[] f = line.split(" \\| ");
        if (!table || !line.startsWith("| ") || f.length < 4 || !f[1].matches("parquet|jsonl") || !f[3].matches("[0-9.]+.*")) {
          continue; // not a row of the table, a shape's or the rates sitting's row, or a way with no valid run
        }
        long orders = Long.parseLong(f[0].substring(2).replace(",", ""));
        String way = BenchReport.key(f[2]);
        cells.computeIfAbsent(f[1], k -> new TreeMap<>()).computeIfAbsent(orders, k -> new LinkedHashMap<>())
            .computeIfAbsent(way, k -> new Cell()).runs
            .add(new BenchReport.Run(f[1], orders, way, 1, Double.parseDouble(f[3].split(" ")[0]), 0, 0, Double.NaN));
      }
    }
    for (String out : args.get("out", "").split(",")) write(cells, title, Path.of(out));
  }
}
