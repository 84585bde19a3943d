package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.check.internal.VolumeFit.Model;
import io.migratest.check.internal.VolumeFit.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The fitter recovers the model that made synthetic points, and projects with it. */
class VolumeFitTest {

    private static final long[] SIZES = {10_000, 100_000, 1_000_000};

    @Test
    void flat_points_with_jitter_are_constant_and_project_their_mean() {
        VolumeFit fit = VolumeFit.of(points(n -> 12, 3));

        assertThat(fit.model()).isEqualTo(Model.CONSTANT);
        assertThat(fit.predictMillis(50_000_000)).isBetween(11L, 16L);
        assertThat(fit.describe()).startsWith("constant: about");
    }

    @Test
    void a_time_proportional_to_the_rows_is_linear() {
        // a whole-table UPDATE: 3 ms fixed, 0.25 ms per 1,000 rows
        VolumeFit fit = VolumeFit.of(points(n -> 3 + n / 4_000, 0));

        assertThat(fit.model()).isEqualTo(Model.LINEAR);
        assertThat(fit.predictMillis(50_000_000)).isBetween(12_400L, 12_600L);
        assertThat(fit.relativeError()).isLessThan(0.05);
    }

    @Test
    void a_time_proportional_to_n_log_n_is_n_log_n() {
        // an index build: sorting the rows
        VolumeFit fit = VolumeFit.of(points(n -> Math.round(5 + 2e-4 * n * Math.log(n)), 0));

        assertThat(fit.model()).isEqualTo(Model.N_LOG_N);
        double expected = 5 + 2e-4 * 50_000_000 * Math.log(50_000_000);
        assertThat((double) fit.predictMillis(50_000_000)).isBetween(expected * 0.98, expected * 1.02);
    }

    @Test
    void noise_on_a_fast_step_is_not_growth() {
        // one slow sample under load must not be read as a linear step
        VolumeFit fit = VolumeFit.of(List.of(new Point(10_000, 2), new Point(100_000, 3), new Point(1_000_000, 18)));

        assertThat(fit.model()).isEqualTo(Model.CONSTANT);
    }

    @Test
    void times_that_rise_and_flatten_are_noise_not_growth() {
        // seen on a busy machine for ADD COLUMN on PostgreSQL: a catalog change, whatever the rows
        VolumeFit fit = VolumeFit.of(List.of(new Point(2_000, 22), new Point(10_000, 42), new Point(50_000, 54)));

        assertThat(fit.model()).isEqualTo(Model.CONSTANT);
    }

    @Test
    void small_sizes_that_hardly_differ_do_not_hide_the_growth_of_the_largest() {
        // seen on a busy MariaDB for a whole-table UPDATE
        VolumeFit fit = VolumeFit.of(List.of(new Point(1_000, 34), new Point(5_000, 44), new Point(25_000, 267)));

        assertThat(fit.model()).isNotEqualTo(Model.CONSTANT);
        assertThat(fit.predictMillis(50_000_000)).isGreaterThan(100_000L);
    }

    @Test
    void a_slow_fixed_part_does_not_hide_growth() {
        VolumeFit fit = VolumeFit.of(List.of(new Point(10_000, 201), new Point(100_000, 215), new Point(1_000_000, 340)));

        assertThat(fit.model()).isEqualTo(Model.LINEAR);
        assertThat(fit.predictMillis(50_000_000)).isGreaterThan(4_000L);
    }

    @Test
    void two_points_that_grow_are_linear() {
        VolumeFit fit = VolumeFit.of(List.of(new Point(1_000, 10), new Point(10_000, 100)));

        assertThat(fit.model()).isEqualTo(Model.LINEAR);
        assertThat(fit.predictMillis(100_000)).isEqualTo(1_000L);
    }

    @Test
    void seeded_random_linear_steps_are_never_read_as_constant() {
        Random random = new Random(13);
        for (int i = 0; i < 200; i++) {
            double perRow = 0.0001 + random.nextDouble() * 0.01;
            long fixed = random.nextInt(50);
            VolumeFit fit = VolumeFit.of(points(n -> fixed + Math.round(perRow * n), 0));
            assertThat(fit.model()).as("fixed %d ms, %.5f ms per row", fixed, perRow).isNotEqualTo(Model.CONSTANT);
            assertThat(fit.predictMillis(10_000_000)).isGreaterThanOrEqualTo(Math.round(perRow * 10_000_000 * 0.8));
        }
    }

    @Test
    void no_points_is_an_error() {
        assertThatThrownBy(() -> VolumeFit.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Point> points(LongUnaryOperator millis, int jitter) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            points.add(new Point(SIZES[i], millis.applyAsLong(SIZES[i]) + (i % 2 == 0 ? jitter : -jitter)));
        }
        return points;
    }
}
