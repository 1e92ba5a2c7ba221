package dev.registry.chaos.schedule;

/** An action at {@code atMillis} after the schedule starts. */
public record Step(long atMillis, Action action) {
    public Step {
        if (atMillis < 0) {
            throw new IllegalArgumentException("negative step time " + atMillis);
        }
    }

    @Override
    public String toString() {
        return String.format("%6d ms  %s", atMillis, action.describe());
    }
}
