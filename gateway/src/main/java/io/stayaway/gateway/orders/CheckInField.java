package io.stayaway.gateway.orders;

import io.stayaway.alerts.checkin.CheckInSchedule;
import io.vertx.core.json.JsonObject;

/** The order's optional {@code checkIns} field, read and validated (docs/http-api.md, "Orders"). Stateless. */
final class CheckInField {
    private CheckInField() {}

    /** {@code {"every": "P7D"}} (1 to 90 days), {@code {"enabled": false}}, or absent (weekly). */
    static CheckInSchedule parse(JsonObject order) {
        Object v = order.getValue("checkIns");
        if (v == null) {
            return CheckInSchedule.weekly();
        }
        if (!(v instanceof JsonObject o)) {
            throw new OrderValidationException("checkIns", "must be an object such as {\"every\": \"P7D\"}");
        }
        Object enabled = o.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new OrderValidationException("checkIns.enabled", "must be true or false");
        }
        Object every = o.getValue("every");
        if (Boolean.FALSE.equals(enabled)) {
            if (every != null) {
                throw new OrderValidationException("checkIns.every", "must be left out when enabled is false");
            }
            return CheckInSchedule.disabled();
        }
        if (every != null && !(every instanceof String)) {
            throw new OrderValidationException("checkIns.every", "must be a string");
        }
        try {
            return every == null ? CheckInSchedule.weekly() : CheckInSchedule.every((String) every);
        } catch (IllegalArgumentException e) {
            throw new OrderValidationException("checkIns.every", e.getMessage());
        }
    }
}
