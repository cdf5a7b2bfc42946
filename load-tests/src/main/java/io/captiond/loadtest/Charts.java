package io.captiond.loadtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Line charts drawn with Java2D and written as PNG (headless): axes with ticks, labels, a legend. */
final class Charts {

  /** One line: its name and its points {x, y}. */
  record Series(String name, List<double[]> points) {}

  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private boolean integerX;
  private String lineName;
  private double lineY = Double.NaN;

  Charts(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  Charts add(Series line) {
    if (!line.points().isEmpty()) {
      series.add(line);
    }
    return this;
  }

  /** Ticks on whole numbers only along x (counts such as N). */
  Charts integerX() {
    this.integerX = true;
    return this;
  }

  /** A dashed horizontal line, e.g. the bound. */
  Charts horizontal(String name, double y) {
    this.lineName = name;
    this.lineY = y;
    return this;
  }

  void write(Path png) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    double[] x = range(0), y = range(1);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    g.setColor(Color.BLACK);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
    g.drawString(title, LEFT, 24);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (double t : ticks(x[0], x[1], integerX)) {
      int px = LEFT + (int) Math.round((t - x[0]) / (x[1] - x[0]) * plotW);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(px, TOP + 1, px, TOP + plotH - 1);
      g.setColor(Color.BLACK);
      g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
      String label = format(t);
      g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
    }
    for (double t : ticks(y[0], y[1], false)) {
      int py = TOP + plotH - (int) Math.round((t - y[0]) / (y[1] - y[0]) * plotH);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(LEFT + 1, py, LEFT + plotW - 1, py);
      g.setColor(Color.BLACK);
      g.drawLine(LEFT - 4, py, LEFT, py);
      String label = format(t);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
    }
    g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 12);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 16);
    rotated.dispose();
    int legendY = TOP + 10;
    for (int i = 0; i < series.size(); i++) {
      Color color = COLORS[i % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int[] prev = null;
      for (double[] p : series.get(i).points()) {
        int px = LEFT + (int) Math.round((p[0] - x[0]) / (x[1] - x[0]) * plotW);
        int py = TOP + plotH - (int) Math.round((p[1] - y[0]) / (y[1] - y[0]) * plotH);
        g.fillOval(px - 3, py - 3, 6, 6);
        if (prev != null) {
          g.drawLine(prev[0], prev[1], px, py);
        }
        prev = new int[] {px, py};
      }
      g.drawLine(LEFT + plotW + 12, legendY - 4, LEFT + plotW + 32, legendY - 4);
      g.setColor(Color.BLACK);
      g.drawString(series.get(i).name(), LEFT + plotW + 38, legendY);
      legendY += 18;
    }
    if (!Double.isNaN(lineY)) {
      int py = TOP + plotH - (int) Math.round((lineY - y[0]) / (y[1] - y[0]) * plotH);
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(LEFT, py, LEFT + plotW, py);
      g.drawLine(LEFT + plotW + 12, legendY - 4, LEFT + plotW + 32, legendY - 4);
      g.setColor(Color.BLACK);
      g.drawString(lineName, LEFT + plotW + 38, legendY);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  /** The data range of coordinate {@code axis}, from 0 (or below) with some head room. */
  private double[] range(int axis) {
    double min = 0;
    double max = axis == 1 && !Double.isNaN(lineY) ? lineY : 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        min = Math.min(min, p[axis]);
        max = Math.max(max, p[axis]);
      }
    }
    if (max <= min) {
      max = min + 1;
    }
    return new double[] {min, max + (max - min) * (axis == 1 ? 0.08 : 0.02)};
  }

  private static List<Double> ticks(double min, double max, boolean whole) {
    double raw = (max - min) / 6;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    if (whole) {
      step = Math.max(1, step);
    }
    List<Double> ticks = new ArrayList<>();
    for (double t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) {
      ticks.add(t);
    }
    return ticks;
  }

  private static String format(double value) {
    return Math.abs(value - Math.rint(value)) < 1e-9 ? Long.toString(Math.round(value))
        : String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
