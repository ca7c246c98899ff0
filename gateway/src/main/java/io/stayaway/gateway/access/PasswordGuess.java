package io.stayaway.gateway.access;

import java.time.Clock;
import java.util.Optional;

/**
 * Checks a password someone gives for a user (a login, or the {@code currentPassword} of a password
 * change) against the user's and everybody's guess budget ({@link LoginThrottle}): the attempt is counted
 * before the slow PBKDF2 verification runs and forgotten only when the password is right. Thread-safe;
 * blocks on JDBC and PBKDF2 (call from a worker thread).
 */
public final class PasswordGuess {
    private final UserDirectory users;
    private final LoginThrottle throttle;
    private final Clock clock;

    public PasswordGuess(UserDirectory users, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** What became of a guess: refused unchecked while a budget is spent, else the account and standing when right. */
    public record Result(LoginThrottle.Reservation reservation, Optional<Verified> verified) {
        public boolean throttled() {
            return !reservation.reserved();
        }
    }

    /** A right password's account and the user's standing as read right after. */
    public record Verified(UserAccount account, UserDirectory.Standing standing) {}

    public Result check(String username, String password) {
        LoginThrottle.Reservation reservation = throttle.reserve(username, clock.instant());
        if (!reservation.reserved()) {
            return new Result(reservation, Optional.empty());
        }
        Optional<Verified> verified = users.verify(username, password)
                .flatMap(a -> users.standing(username).map(st -> new Verified(a, st)));
        if (verified.isPresent()) {
            throttle.succeeded(username);
        }
        return new Result(reservation, verified);
    }
}
