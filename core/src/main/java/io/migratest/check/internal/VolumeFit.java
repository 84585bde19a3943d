package io.migratest.check.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * How a migration step's time grows with the rows of the tables it touches, fitted to a few
 * measured points: constant, linear or n log n, whichever has the least error once the growth is
 * clear of timing noise.
 *
 * @param model          the model chosen
 * @param intercept      the fixed part, in milliseconds
 * @param slope          milliseconds per unit of the model's term ({@code n} or {@code n ln n}); 0 for constant
 * @param relativeError  the root mean square of the relative residuals at the measured points
 */
public record VolumeFit(Model model, double intercept, double slope, double relativeError) {

    /**
     * Below this many milliseconds between the smallest and largest size, growth is noise: a
     * busy machine easily adds that much to a single statement.
     */
    static final long NOISE_FLOOR_MILLIS = 20;
    /** Growth must also be at least this share of the smallest size's time, so a slow fixed part is not read as growth. */
    static final double MIN_GROWTH = 0.5;
    /** How much flatter per row one interval between sizes may be than the one before and still be growth. */
    static final double SLOPE_BAND = 4;

    /** One measured point: the step took {@code millis} with {@code rows} rows in each touched table. */
    public record Point(long rows, long millis) {
    }

    /** The growth models, simplest first. */
    public enum Model {
        CONSTANT("constant", n -> 0),
        LINEAR("linear", n -> n),
        N_LOG_N("n log n", n -> n <= 1 ? 0 : n * Math.log(n));

        private final String label;
        private final DoubleUnaryOperator term;

        Model(String label, DoubleUnaryOperator term) {
            this.label = label;
            this.term = term;
        }

        public String label() {
            return label;
        }

        double term(double rows) {
            return term.applyAsDouble(rows);
        }
    }

    /**
     * The best model for {@code points} (at least one, sizes distinct). Growth counts only when
     * the largest size took at least {@value #NOISE_FLOOR_MILLIS} ms and half again as long as the
     * smallest, every larger size took longer than the one before, and the time per added row of
     * each interval between sizes is at least 1/{@value #SLOPE_BAND} of the interval before's (a
     * slow sample at a middle size breaks that); otherwise the step is constant. Of the growing models the one with the least relative error wins, linear on a tie.
     */
    public static VolumeFit of(List<Point> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no measured points to fit");
        }
        List<Point> sorted = points.stream().sorted(Comparator.comparingLong(Point::rows)).toList();
        VolumeFit constant = constant(sorted);
        if (sorted.size() < 2 || !grows(sorted)) {
            return constant;
        }
        VolumeFit linear = leastSquares(Model.LINEAR, sorted);
        VolumeFit nLogN = leastSquares(Model.N_LOG_N, sorted);
        return nLogN.relativeError < linear.relativeError ? nLogN : linear;
    }

    /** The time the model gives for {@code rows} rows, in milliseconds, never negative. */
    public long predictMillis(long rows) {
        return Math.max(0, Math.round(Math.ceil(intercept + slope * model.term(rows))));
    }

    /** The fit in words, e.g. {@code linear: 1.2 ms + 0.26 ms per 1,000 rows (error 3%)}. */
    public String describe() {
        String error = String.format(Locale.ROOT, " (error %.0f%%)", relativeError * 100);
        return switch (model) {
            case CONSTANT -> String.format(Locale.ROOT, "constant: about %.1f ms whatever the size", intercept) + error;
            case LINEAR -> String.format(Locale.ROOT, "linear: %.1f ms + %.4g ms per 1,000 rows", intercept, slope * 1000)
                    + error;
            case N_LOG_N -> String.format(Locale.ROOT, "n log n: %.1f ms + %.4g ms per 1,000 n ln n", intercept,
                    slope * 1000) + error;
        };
    }

    private static boolean grows(List<Point> sorted) {
        Point first = sorted.get(0);
        Point last = sorted.get(sorted.size() - 1);
        long growth = last.millis() - first.millis();
        if (growth < NOISE_FLOOR_MILLIS || growth < MIN_GROWTH * first.millis()) {
            return false;
        }
        double previousPerRow = -1;
        for (int i = 1; i < sorted.size(); i++) {
            long rise = sorted.get(i).millis() - sorted.get(i - 1).millis();
            if (rise <= 0) {
                return false;
            }
            // Linear and n log n steps cost at least as much per added row in a later interval as in
            // an earlier one; a slow sample at a middle size makes the next interval far flatter.
            // (A later interval far steeper is left alone: a busy machine slows small sizes' fixed
            // part as much as the rows, and repeats take care of a slow sample at the largest.)
            double perRow = (double) rise / (sorted.get(i).rows() - sorted.get(i - 1).rows());
            if (previousPerRow > 0 && perRow * SLOPE_BAND < previousPerRow) {
                return false;
            }
            previousPerRow = perRow;
        }
        return true;
    }

    private static VolumeFit constant(List<Point> points) {
        double mean = points.stream().mapToDouble(Point::millis).average().orElseThrow();
        return withError(Model.CONSTANT, mean, 0, points);
    }

    /** Ordinary least squares of the time on the model's term. */
    private static VolumeFit leastSquares(Model model, List<Point> points) {
        double meanX = points.stream().mapToDouble(p -> model.term(p.rows())).average().orElseThrow();
        double meanY = points.stream().mapToDouble(Point::millis).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Point p : points) {
            double dx = model.term(p.rows()) - meanX;
            covariance += dx * (p.millis() - meanY);
            variance += dx * dx;
        }
        double slope = variance == 0 ? 0 : covariance / variance;
        return withError(model, meanY - slope * meanX, slope, points);
    }

    private static VolumeFit withError(Model model, double intercept, double slope, List<Point> points) {
        double sum = 0;
        for (Point p : points) {
            double predicted = intercept + slope * model.term(p.rows());
            double residual = (predicted - p.millis()) / Math.max(1, p.millis());
            sum += residual * residual;
        }
        return new VolumeFit(model, intercept, slope, Math.sqrt(sum / points.size()));
    }
}
