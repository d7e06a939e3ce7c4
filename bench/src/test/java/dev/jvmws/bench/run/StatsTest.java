package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        Stats stats = Stats.of(List.of(5.0, 1.0, 3.0, 9.0, 4.0));

        assertThat(stats.median()).isEqualTo(4.0);
        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.max()).isEqualTo(9.0);
        assertThat(stats.count()).isEqualTo(5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddlePair() {
        Stats stats = Stats.of(List.of(10.0, 40.0, 20.0, 30.0));

        assertThat(stats.median()).isEqualTo(25.0);
        assertThat(stats.min()).isEqualTo(10.0);
        assertThat(stats.max()).isEqualTo(40.0);
    }

    @Test
    void aSingleValueIsItsOwnMedianMinAndMax() {
        Stats stats = Stats.of(List.of(7.5));

        assertThat(stats.median()).isEqualTo(7.5);
        assertThat(stats.min()).isEqualTo(7.5);
        assertThat(stats.max()).isEqualTo(7.5);
        assertThat(stats.halfSpreadPercent()).isZero();
    }

    @Test
    void keepsTheValuesInTheOrderMeasured() {
        assertThat(Stats.of(List.of(3.0, 1.0, 2.0)).values()).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void halfSpreadIsTheLargestDistanceFromTheMedian() {
        assertThat(Stats.of(List.of(90.0, 100.0, 120.0)).halfSpreadPercent()).isCloseTo(20.0, within(1e-9));
        assertThat(Stats.of(List.of(70.0, 100.0, 110.0)).halfSpreadPercent()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void refusesNoValuesAndNaN() {
        assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.of(List.of(1.0, Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }
}
