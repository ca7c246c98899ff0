package io.stayaway.gateway.orders;

import java.util.Locale;

/** A person an order concerns, with the device they wear. */
public record Party(Role role, String deviceId, String name, String phone, Locale language) {
    /** Which side of the order the person is on. */
    public enum Role {
        RESPONDENT,
        PROTECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
