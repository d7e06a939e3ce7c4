package dev.jvmws.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server-wide budget's arithmetic: who holds what, when it is spent, whom to close. */
class MessageMemoryBudgetTest {

    @Test
    void countsHoldersAndBytesAcrossConnections() {
        MessageMemoryBudget budget = new MessageMemoryBudget(1000, 1);
        budget.changed(0, 400);
        budget.changed(0, 500);
        assertThat(budget.heldBytes()).isEqualTo(900);
        assertThat(budget.holders()).isEqualTo(2);
        assertThat(budget.isExhausted()).isFalse();
        budget.changed(400, 500);
        assertThat(budget.isExhausted()).isTrue();
        budget.changed(500, 0);
        assertThat(budget.holders()).isEqualTo(1);
        assertThat(budget.heldBytes()).isEqualTo(500);
        assertThat(budget.isExhausted()).isFalse();
    }

    @Test
    void evictsOnlyWhileSpentAndOnlyHoldersOfAtLeastTheAverage() {
        assertThat(MessageMemoryBudget.shouldEvict(600, 999, 2, 1000)).as("not spent").isFalse();
        assertThat(MessageMemoryBudget.shouldEvict(600, 1000, 2, 1000)).isTrue();
        assertThat(MessageMemoryBudget.shouldEvict(500, 1000, 2, 1000)).as("exactly the average").isTrue();
        assertThat(MessageMemoryBudget.shouldEvict(400, 1000, 2, 1000)).isFalse();
        assertThat(MessageMemoryBudget.shouldEvict(0, 1000, 2, 1000)).as("holds nothing").isFalse();
    }

    @Test
    void equalHoldersAreAllEvictable_soWaitingAlwaysEnds() {
        // 200 trickling peers with equal shares: none above the average, yet someone must go.
        assertThat(MessageMemoryBudget.shouldEvict(5, 1000, 200, 1000)).isTrue();
    }

    @Test
    void rejectsNonPositiveSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MessageMemoryBudget(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MessageMemoryBudget(1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        MessageMemoryBudget smallest = new MessageMemoryBudget(1, 1);
        assertThat(smallest.limitBytes()).isEqualTo(1);
        assertThat(smallest.waitNanos()).isEqualTo(1);
    }

    @Test
    void aConnectionHoldingNothingIsNoHolder() {
        MessageMemoryBudget budget = new MessageMemoryBudget(1000, 1);
        budget.changed(0, 0);
        assertThat(budget.holders()).isZero();
        budget.changed(0, 400);
        budget.changed(400, 400);
        assertThat(budget.holders()).isEqualTo(1);
        budget.changed(400, 0);
        budget.changed(0, 0);
        assertThat(budget.holders()).isZero();
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    void thePeakIsTheMostEverHeldAtOnce() {
        MessageMemoryBudget budget = new MessageMemoryBudget(1000, 1);
        budget.changed(0, 400);
        budget.changed(0, 500);
        assertThat(budget.peakBytes()).isEqualTo(900);
        budget.changed(500, 0);
        budget.changed(400, 100);
        assertThat(budget.heldBytes()).isEqualTo(100);
        assertThat(budget.peakBytes()).isEqualTo(900);
        budget.changed(100, 1200);
        assertThat(budget.peakBytes()).isEqualTo(1200);
    }

    @Test
    void evictionIsJudgedOnTheBudgetsCurrentState() {
        MessageMemoryBudget budget = new MessageMemoryBudget(1000, 1);
        budget.changed(0, 600);
        budget.changed(0, 300);
        assertThat(budget.shouldEvict(600)).as("not spent yet").isFalse();
        budget.changed(300, 400);
        assertThat(budget.shouldEvict(600)).isTrue();
        assertThat(budget.shouldEvict(400)).as("below the average of 500").isFalse();
    }
}
