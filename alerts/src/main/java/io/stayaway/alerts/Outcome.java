package io.stayaway.alerts;

/** How a duty officer closed an alert; recorded with the RESOLVED transition for the court and for false-alarm statistics. */
public enum Outcome {
    /** The respondent really breached the order. */
    CONFIRMED_BREACH,
    /** Nothing happened: position error, drift, a mistaken button press. */
    FALSE_ALARM,
    /** A device or communication fault, not a breach. */
    TECHNICAL,
    /** The presence was allowed (court-permitted visit, corridor). */
    PERMITTED
}
