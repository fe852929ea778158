package io.duckmirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadPlannerTest {
    /** PostgreSQL stores numeric(p, s) as ((p << 16) | (s & 0x7FF)) + 4, and -1 for plain numeric. */
    @ParameterizedTest(name = "numeric({0},{1})")
    @CsvSource({ "12, 2, true", "38, 0, true", "38, 38, true", "39, 2, false", "50, 10, false", "5, -2, false",
            "3, 5, true" })
    void knowsWhichNumericsFitDecimal(int precision, int scale, boolean fits) {
        assertThat(ReadPlanner.fitsDecimal(((precision << 16) | (scale & 0x7FF)) + 4)).isEqualTo(fits);
    }

    @Test
    void plainNumericDoesNotFit() {
        assertThat(ReadPlanner.fitsDecimal(-1)).isFalse();
    }

    @Test
    void decimalPolicyKeepsTheDeclaredScale() {
        assertThat(ReadPlanner.decimalScale(-1)).isEqualTo(ReadPlanner.UNCONSTRAINED_SCALE);
        assertThat(ReadPlanner.decimalScale(((50 << 16) | 12) + 4)).isEqualTo(12);
        assertThat(ReadPlanner.decimalScale(((5 << 16) | (-2 & 0x7FF)) + 4)).isZero();
    }
}
