package io.stayaway.gateway.access;

import java.util.Objects;

/**
 * A person's identity and scope: a desk user belongs to one police station, a court user to one
 * court, an admin to neither ({@code scope} null). Immutable, thread-safe.
 */
public record UserAccount(String username, Role role, String scope) {
    public static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";

    public UserAccount {
        Objects.requireNonNull(role, "role");
        if (username == null || !username.matches(USERNAME_PATTERN)) {
            throw new IllegalArgumentException("username must match " + USERNAME_PATTERN);
        }
        if (role == Role.ADMIN && scope != null) {
            throw new IllegalArgumentException("an admin has no station or court");
        }
        if (role != Role.ADMIN && (scope == null || scope.isBlank() || scope.length() > 200)) {
            throw new IllegalArgumentException(
                    role == Role.DESK ? "a desk user needs a station" : "a court user needs a court");
        }
    }
}
