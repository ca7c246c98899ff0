package io.stayaway.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a page of alerts ended (keyset paging on opened time, then id), as an opaque token for
 * clients. Stable while alerts are added: a new alert never shifts a later page. Immutable.
 */
public record AlertCursor(Instant openedAt, UUID id) {
    public AlertCursor {
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(id, "id");
    }

    public static AlertCursor after(Alert last) {
        return new AlertCursor(last.openedAt(), last.id());
    }

    public String token() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((openedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static AlertCursor parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not an alert cursor: " + token);
            }
            return new AlertCursor(Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an alert cursor: " + token, e);
        }
    }
}
