package dev.jvmws.bench.run;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The PNG chart: one bar panel per charted metric (units differ, so each has its own axis), one bar
 * per row holding a figure, ours highlighted. Rendered headless ({@code java.awt.headless=true}).
 */
public final class BarChart {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 340;
    private static final int COLUMNS = 3;
    private static final Color OURS = new Color(0xD6, 0x5F, 0x00);
    private static final Color PEERS = new Color(0x4A, 0x72, 0xB0);

    private BarChart() {
    }

    /** Writes the chart to {@code png}; returns false (writing nothing) when no metric has a figure. */
    public static boolean write(Results results, String title, Path png) throws IOException {
        List<JFreeChart> panels = new ArrayList<>();
        for (Metric metric : results.metrics()) {
            if (metric.isCharted()) {
                JFreeChart panel = panel(results, metric);
                if (panel != null) {
                    panels.add(panel);
                }
            }
        }
        if (panels.isEmpty()) {
            return false;
        }
        int columns = Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int titleHeight = 40;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, titleHeight + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 12, 27);
            for (int i = 0; i < panels.size(); i++) {
                int x = (i % columns) * PANEL_WIDTH;
                int y = titleHeight + (i / columns) * PANEL_HEIGHT;
                panels.get(i).draw(g, new Rectangle2D.Double(x, y, PANEL_WIDTH, PANEL_HEIGHT));
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
        return true;
    }

    private static JFreeChart panel(Results results, Metric metric) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> rows = new ArrayList<>();
        for (String row : results.rows()) {
            Cell cell = results.get(row, metric);
            if (cell != null && cell.isAvailable()) {
                data.addValue(cell.stats().median(), metric.unit(), row);
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        String better = metric.isHigherBetter() ? "higher is better" : "lower is better";
        JFreeChart chart = ChartFactory.createBarChart(metric.label() + " (" + better + ")", null, metric.unit(), data,
                PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(new Color(0xF4, 0xF4, 0xF4));
        CategoryAxis axis = plot.getDomainAxis();
        axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setRenderer(new HighlightingRenderer(rows));
        return chart;
    }

    /** Colours our bar apart from the peers'. */
    private static final class HighlightingRenderer extends BarRenderer {
        private static final long serialVersionUID = 1L;
        private final List<String> rows;

        HighlightingRenderer(List<String> rows) {
            this.rows = List.copyOf(rows);
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
            setDrawBarOutline(false);
        }

        @Override
        public java.awt.Paint getItemPaint(int series, int column) {
            return rows.get(column).equals(ServerCatalog.OURS) ? OURS : PEERS;
        }
    }
}
