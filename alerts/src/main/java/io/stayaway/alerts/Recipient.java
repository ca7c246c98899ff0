package io.stayaway.alerts;

import java.util.Locale;
import java.util.Objects;

/** A person or desk who can be notified: a phone number in E.164 form and the language to write in. */
public record Recipient(RecipientRole role, String phone, Locale language) {
    public Recipient {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(language, "language");
        if (phone == null || !phone.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("phone must be an E.164 number like +8613800000000, got: " + phone);
        }
    }

    /** Who the recipient is with respect to the order. */
    public enum RecipientRole {
        DESK,
        PROTECTED,
        RESPONDENT,
        SUPERVISOR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
