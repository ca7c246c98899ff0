package io.stayaway.gateway.access;

import java.util.Objects;

/**
 * A person's identity and scope: a desk user belongs to one police station, a court user to one
 * court, a caseworker to one organisation, an admin to none ({@code scope} null). Immutable, thread-safe.
 */
public record UserAccount(String username, Role role, String scope) {
    public static final String USERNAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";

    public UserAccount {
        Objects.requireNonNull(role, "role");
        if (username == null || !username.matches(USERNAME_PATTERN)) {
            throw new IllegalArgumentException("username must match " + USERNAME_PATTERN);
        }
        if (role == Role.ADMIN && scope != null) {
            throw new IllegalArgumentException("an admin has no station, court or organisation");
        }
        if (role != Role.ADMIN && (scope == null || scope.isBlank() || scope.length() > 200)) {
            throw new IllegalArgumentException(
                    "a " + role.wireName() + " user needs a " + scopeField(role) + " (1 to 200 characters)");
        }
        // As an order's organisation (OrderInput): the two are compared for equality.
        if (role == Role.CASEWORKER && controlCharacter(scope)) {
            throw new IllegalArgumentException("an organisation must not contain control characters");
        }
    }

    /** The name of the field that holds a role's scope in the API and the {@code users} table; null for an admin. */
    public static String scopeField(Role role) {
        return switch (role) {
            case DESK -> "station";
            case COURT -> "court";
            case CASEWORKER -> "organisation";
            case ADMIN -> null;
        };
    }

    private static boolean controlCharacter(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
