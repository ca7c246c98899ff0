package io.stayaway.gateway.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues and checks the API's bearer tokens: JWT, HS256 (RFC 7519, RFC 7518 §3.2), carrying the
 * username ({@code sub}), role and scope, expiring after the configured lifetime. Thread-safe.
 */
public final class TokenService {
    private static final String ROLE = "role";
    private static final String SCOPE = "scope";
    /** The user's credential generation when the token was issued; a later generation revokes it. */
    private static final String GENERATION = "gen";

    private final JWTAuth jwt;
    private final Duration lifetime;
    private final Clock clock;

    /** @param secret the HMAC key, at least 32 bytes (RFC 7518 §3.2: a key as long as the hash output) */
    public TokenService(Vertx vertx, String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the token signing key must be at least 32 bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        this.jwt = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                        .setJWTOptions(new JWTOptions().setAlgorithm("HS256")));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed token and when it stops working. */
    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[token=***, expiresAt=" + expiresAt + "]";
        }
    }

    /** A token's account, the credential generation it was issued under, and when it expires. */
    public record Bearer(UserAccount account, int generation, Instant expiresAt) {}

    public IssuedToken issue(UserAccount user, int generation) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JsonObject claims = new JsonObject()
                .put(ROLE, user.role().wireName())
                .put(SCOPE, user.scope())
                .put(GENERATION, generation)
                .put("iat", now.getEpochSecond())
                .put("exp", expiresAt.getEpochSecond());
        String token = jwt.generateToken(
                claims,
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setSubject(user.username())
                        .setNoTimestamp(true));
        return new IssuedToken(token, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    /**
     * The account a token speaks for; fails for a token that is malformed, forged or expired. Whether
     * it was revoked since (its generation against the user's) is the caller's check.
     */
    public Future<Bearer> authenticate(String token) {
        return jwt.authenticate(new TokenCredentials(token)).map(user -> {
            JsonObject claims = user.attributes().getJsonObject("accessToken");
            Object generation = claims.getValue(GENERATION);
            Object exp = claims.getValue("exp");
            return new Bearer(
                    new UserAccount(
                            claims.getString("sub"), Role.parse(claims.getString(ROLE)), claims.getString(SCOPE)),
                    generation instanceof Number n ? n.intValue() : 0,
                    exp instanceof Number e ? Instant.ofEpochSecond(e.longValue()) : clock.instant());
        });
    }
}
