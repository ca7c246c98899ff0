package io.stayaway.simulator.device;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The role of a wearable's wearer in a protection order, as the HTTP API names it. Immutable, thread-safe. */
public enum Party {
    RESPONDENT,
    PROTECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
