package io.stayaway.simulator.expect;

/** The result of one expectation: whether it held and the evidence for that. Immutable, thread-safe. */
public record Outcome(boolean required, AlertExpectation expectation, boolean passed, String evidence) {}
