package io.moebench.core.spi;

/**
 * The duration of one launch.
 *
 * @param nanos duration in nanoseconds
 * @param deviceTimer true for device timers (profiling events, timestamp queries); false for a
 *     host clock, which only CPU backends use
 */
public record LaunchTiming(long nanos, boolean deviceTimer) {}
