package io.duckmirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {
    /** PostgreSQL stores numeric(p, s) as ((p << 16) | (s & 0x7FF)) + 4, and -1 for plain numeric. */
    @ParameterizedTest(name = "numeric({0},{1})")
    @CsvSource({"12, 2, true", "38, 0, true", "38, 38, true", "39, 2, false", "50, 10, false", "5, -2, false",
            "3, 5, false"})
    void knowsWhichNumericsFitDecimal(int precision, int scale, boolean fits) {
        assertThat(Planner.fitsDecimal(((precision << 16) | (scale & 0x7FF)) + 4)).isEqualTo(fits);
    }

    @org.junit.jupiter.api.Test
    void plainNumericDoesNotFit() {
        assertThat(Planner.fitsDecimal(-1)).isFalse();
    }
}
