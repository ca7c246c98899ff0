package io.stayaway.alerts;

/** The result of raising a trigger: the alert, and whether this call created it (false = already known). */
public record RaisedAlert(Alert alert, boolean created) {}
