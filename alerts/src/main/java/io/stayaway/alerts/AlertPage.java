package io.stayaway.alerts;

import java.util.List;

/** One page of alerts, newest first, and where the next page starts (null on the last page). Immutable. */
public record AlertPage(List<Alert> alerts, AlertCursor next) {
    public AlertPage {
        alerts = List.copyOf(alerts);
    }
}
