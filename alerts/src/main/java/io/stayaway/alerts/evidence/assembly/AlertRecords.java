package io.stayaway.alerts.evidence.assembly;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as its chain tells it through a given position: the alert row as last recorded, its
 * transitions, escalations, notifications (latest record of each) with their delivery reports, and
 * the accesses to its evidence. Built from chained records only, so a bundle built through the same
 * position shows the same alert whatever happened to it afterwards.
 */
final class AlertRecords {
    private final long through;
    private JsonObject alert;
    private String lastAt;
    private final List<JsonObject> transitions = new ArrayList<>();
    private final List<JsonObject> escalations = new ArrayList<>();
    private final Map<String, JsonObject> notifications = new LinkedHashMap<>();
    private final List<JsonObject> deliveries = new ArrayList<>();
    private final List<JsonObject> custody = new ArrayList<>();

    AlertRecords(long through) {
        this.through = through;
    }

    void add(ChainRows.Row row) {
        if (row.pos() > through) {
            return;
        }
        JsonObject record = new JsonObject(new String(row.record(), StandardCharsets.UTF_8));
        JsonObject r = record.getJsonObject("row").copy();
        switch (row.kind()) {
            case "alert" -> {
                alert = r;
                lastAt = r.getString("updated_at");
            }
            case "transition" -> transitions.add(maskNumbers(r));
            case "escalation" -> escalations.add(maskNumbers(r));
            case "notification" -> notifications.put(r.getString("id"), maskNumbers(r));
            case "delivery" -> deliveries.add(r);
            case "custody" -> custody.add(r.put("position", row.pos()));
            default -> {
                // a kind this version does not show: still chained and verified
            }
        }
    }

    /** The alert row as last recorded. */
    JsonObject alert() {
        if (alert == null) {
            throw new IllegalStateException("the alert's chain has no alert record through position " + through);
        }
        return alert;
    }

    /** Server time of the alert's last recorded change (the end of an ongoing episode's window). */
    String lastAt() {
        return lastAt;
    }

    List<JsonObject> transitions() {
        return transitions;
    }

    List<JsonObject> escalations() {
        return escalations;
    }

    List<JsonObject> notifications() {
        return new ArrayList<>(notifications.values());
    }

    List<JsonObject> deliveries() {
        return deliveries;
    }

    List<JsonObject> custody() {
        return custody;
    }

    JsonObject json() {
        return new JsonObject()
                .put("asOfChainPosition", through)
                .put("alert", alert())
                .put("transitions", new JsonArray(new ArrayList<>(transitions)))
                .put("escalations", new JsonArray(new ArrayList<>(escalations)))
                .put("notifications", new JsonArray(notifications()))
                .put("deliveryReports", new JsonArray(new ArrayList<>(deliveries)))
                .put(
                        "note",
                        "rows as chained (database column names); recipients' numbers masked to their last 4 digits");
    }

    JsonObject custodyJson() {
        return new JsonObject()
                .put(
                        "note",
                        "every earlier view or export of this alert's evidence, from the alert's chain; this export is recorded after it")
                .put("accesses", new JsonArray(new ArrayList<>(custody)));
    }

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+\\d{3,11}(\\d{4})");

    /** Phone numbers (E.164) in any text field, masked to their last 4 digits. */
    private static JsonObject maskNumbers(JsonObject row) {
        for (String k : row.fieldNames()) {
            if (row.getValue(k) instanceof String s) {
                row.put(k, PHONE.matcher(s).replaceAll(m -> "*".repeat(m.group().length() - 4) + m.group(1)));
            }
        }
        return row;
    }
}
