package io.stayaway.gateway;

import io.stayaway.alerts.WarningBudget;
import io.stayaway.alerts.checkin.CheckInSettings;
import io.stayaway.alerts.checkin.QuietHours;
import io.stayaway.gateway.api.MapTiles;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the gateway, its default, and its validation, in one place.
 * Values come from environment variables (the keys below); a wrong value fails start-up with a
 * message naming the key. Secrets (passwords, tokens) never appear in {@link #describe()}.
 */
public record GatewayConfig(
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        String httpHost,
        int httpPort,
        MqttMode mqttMode,
        String brokerUrl,
        String brokerClientId,
        String brokerUser,
        String brokerPassword,
        String brokerShareGroup,
        int brokerReceiveMaximum,
        long brokerSessionExpirySeconds,
        String embeddedMqttHost,
        int embeddedMqttPort,
        String twilioAccountSid,
        String twilioAuthToken,
        String twilioFromNumber,
        URI twilioApiBaseUrl,
        int writerBatchSize,
        int writerQueueCapacity,
        Duration futureTolerance,
        int maxPayloadBytes,
        Duration communicationLoss,
        Duration gnssLoss,
        double usableAccuracyMetres,
        Duration escalationAck,
        Duration escalationSupervisor,
        WarningBudget warningBudget,
        URI twilioStatusCallbackUrl,
        Duration protectedRetention,
        Duration respondentRetention,
        String jwtSecret,
        Duration tokenLifetime,
        String bootstrapAdminPassword,
        int loginFailuresPerMinute,
        int loginFailuresPerMinuteAllUsers,
        String evidenceKeyPath,
        Duration checkpointInterval,
        List<String> clusterMembers,
        String clusterHost,
        int clusterPort,
        MapTiles mapTiles,
        CheckInSettings checkIns,
        URI twilioInboundUrl) {

    /** How devices reach the gateway. */
    public enum MqttMode {
        BROKER,
        EMBEDDED
    }

    /** The documented keys: name, default, meaning. docs/configuration.md is generated from this list (ConfigurationDocTest). */
    public static final List<Key> KEYS = List.of(
            new Key("STAYAWAY_DB_URL", "jdbc:postgresql://127.0.0.1:5432/stayaway", "PostgreSQL JDBC URL (pgjdbc)"),
            new Key("STAYAWAY_DB_USER", "postgres", "database user"),
            new Key("STAYAWAY_DB_PASSWORD", "", "database password (secret)"),
            new Key("STAYAWAY_DB_POOL_SIZE", "8", "JDBC connections in the pool"),
            new Key("STAYAWAY_HTTP_HOST", "127.0.0.1", "HTTP API bind address"),
            new Key("STAYAWAY_HTTP_PORT", "8080", "HTTP API port (0 = any free port)"),
            new Key(
                    "STAYAWAY_MQTT_MODE",
                    "broker",
                    "broker: subscribe to an external MQTT broker; embedded: be the devices' MQTT endpoint"),
            new Key("STAYAWAY_BROKER_URL", "tcp://127.0.0.1:1883", "external broker URL (broker mode)"),
            new Key(
                    "STAYAWAY_BROKER_CLIENT_ID",
                    "stayaway-gateway",
                    "client id of the gateway's persistent session at the broker"),
            new Key("STAYAWAY_BROKER_USER", "", "broker user name (broker mode)"),
            new Key("STAYAWAY_BROKER_PASSWORD", "", "broker password (secret)"),
            new Key(
                    "STAYAWAY_BROKER_SHARE_GROUP",
                    "",
                    "if set, subscribe as $share/{group}/wearables/+/ping (and /event) so several gateways split the load"),
            new Key(
                    "STAYAWAY_BROKER_RECEIVE_MAXIMUM",
                    "10000",
                    "QoS 1 messages the broker may have in flight to the gateway, unacknowledged (MQTT 5 Receive Maximum)"),
            new Key(
                    "STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS",
                    "604800",
                    "how long the broker keeps the gateway's session (and queues for it) while it is away"),
            new Key("STAYAWAY_EMBEDDED_MQTT_HOST", "127.0.0.1", "embedded MQTT endpoint bind address"),
            new Key("STAYAWAY_EMBEDDED_MQTT_PORT", "1884", "embedded MQTT endpoint port (1883 is usually a broker's)"),
            new Key(
                    "TWILIO_ACCOUNT_SID",
                    "",
                    "Twilio account SID; empty = dry-run channel (messages printed, not sent)"),
            new Key("TWILIO_AUTH_TOKEN", "", "Twilio auth token (secret)"),
            new Key("TWILIO_FROM_NUMBER", "", "sender number, E.164"),
            new Key("TWILIO_API_BASE_URL", "", "Twilio-compatible endpoint instead of api.twilio.com (tests, proxies)"),
            new Key("STAYAWAY_WRITER_BATCH_SIZE", "500", "pings per database write batch"),
            new Key(
                    "STAYAWAY_WRITER_QUEUE_CAPACITY",
                    "20000",
                    "pings accepted but not yet stored before ingestion stops acknowledging (backpressure)"),
            new Key(
                    "STAYAWAY_FUTURE_TOLERANCE_SECONDS",
                    "300",
                    "a fix time further than this in the future is rejected"),
            new Key("STAYAWAY_MAX_PAYLOAD_BYTES", "262144", "larger MQTT payloads are rejected"),
            new Key(
                    "STAYAWAY_COMMUNICATION_LOSS_SECONDS",
                    "240",
                    "a device of an active order silent this long raises COMMUNICATION_LOSS (NIJ-1004: 4 min)"),
            new Key(
                    "STAYAWAY_GNSS_LOSS_SECONDS",
                    "600",
                    "a device online without a usable fix this long raises GNSS_LOSS"),
            new Key(
                    "STAYAWAY_USABLE_ACCURACY_METRES",
                    "100",
                    "fixes with a worse accuracy radius do not count as a position for GNSS health"),
            new Key(
                    "STAYAWAY_ESCALATION_ACK_SECONDS",
                    "60",
                    "a critical alert not acknowledged this long is re-notified to the duty desk by voice call"),
            new Key(
                    "STAYAWAY_ESCALATION_SUPERVISOR_SECONDS",
                    "60",
                    "after the desk call, this long without acknowledgement calls the supervisor"),
            new Key(
                    "STAYAWAY_WARNING_BUDGET_REPEAT_QUIET",
                    "PT30M",
                    "ISO-8601 duration (PT0S to PT24H): a warning (APPROACH, PROXIMITY_UNKNOWN) within this long of the last warning text to the protected person is not texted to her, only recorded in the alert and shown to the desk; PT0S = no quiet period. Critical alerts, the desk's and the respondent's texts are never held back (alerts/README.md, Routing)"),
            new Key(
                    "STAYAWAY_WARNING_BUDGET_DAILY_CAP",
                    "4",
                    "at most this many warning texts to the protected person of one order per rolling 24 hours (0 to 100); 0 = no warning texts to her at all (she still gets every critical alert)"),
            new Key(
                    "TWILIO_STATUS_CALLBACK_URL",
                    "",
                    "public URL of POST /twilio/status for delivery callbacks (signature-checked); empty = none"),
            new Key(
                    "STAYAWAY_RETENTION_PROTECTED_DAYS",
                    "90",
                    "protected persons' pings and events older than this are deleted (logged in retention_log)"),
            new Key(
                    "STAYAWAY_RETENTION_RESPONDENT_DAYS",
                    "730",
                    "respondents' (and unassigned devices') pings and events older than this are deleted"),
            new Key(
                    "STAYAWAY_JWT_SECRET",
                    "",
                    "HS256 key signing API tokens, at least 32 bytes (secret); empty = a random key per process, so tokens do not survive a restart"),
            new Key("STAYAWAY_TOKEN_TTL_MINUTES", "480", "API tokens expire this long after login"),
            new Key(
                    "STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD",
                    "",
                    "password of the user 'admin' created at first start when no user exists, at least 12 characters (secret); empty = a random one printed once to standard output (not to the log)"),
            new Key(
                    "STAYAWAY_LOGIN_FAILURES_PER_MINUTE",
                    "5",
                    "failed logins per username per minute before further attempts are refused (429); wrong currentPassword guesses of a password change count too"),
            new Key(
                    "STAYAWAY_LOGIN_FAILURES_PER_MINUTE_ALL_USERS",
                    "300",
                    "failed logins per minute across all usernames before every login is refused (429 with Retry-After) until the oldest is a minute old: a ceiling on guesses spread over many names"),
            new Key(
                    "STAYAWAY_EVIDENCE_KEY",
                    "",
                    "path of the Ed25519 key (PEM) that signs evidence checkpoints and bundles, created owner-only if absent (secret; keep it and back it up); empty = a random key per process, so evidence signed before a restart no longer verifies against the published key"),
            new Key(
                    "STAYAWAY_CHECKPOINT_MINUTES",
                    "60",
                    "minutes between signed checkpoints of the evidence chains (one is also made at each UTC day end, at shutdown, and when a bundle needs one)"),
            new Key(
                    "STAYAWAY_CLUSTER_MEMBERS",
                    "",
                    "comma-separated host:port of the cluster's Hazelcast members (TCP/IP join, no multicast); empty = a single gateway. Clustering needs broker mode with a share group, and the same STAYAWAY_JWT_SECRET and STAYAWAY_EVIDENCE_KEY on every node (docs/deployment.md)"),
            new Key(
                    "STAYAWAY_CLUSTER_HOST",
                    "127.0.0.1",
                    "address this node's Hazelcast member and clustered event bus bind to and advertise (cluster only)"),
            new Key("STAYAWAY_CLUSTER_PORT", "5701", "this node's Hazelcast port (cluster only)"),
            new Key(
                    "STAYAWAY_MAP_TILES",
                    "",
                    "the console's basemap: a tile URL template with {z}, {x}, {y} (and optionally {s}), e.g. a deployment's own tile server; empty = no basemap, zones and parties on a plain background and nothing fetched from outside the gateway (docs/console.md)"),
            new Key(
                    "STAYAWAY_MAP_TILES_ATTRIBUTION",
                    "",
                    "the credit the tile source's licence requires, shown on the map (HTML is not interpreted); required with STAYAWAY_MAP_TILES"),
            new Key("STAYAWAY_MAP_TILES_MAX_ZOOM", "19", "the deepest zoom level the tile source serves (1 to 22)"),
            new Key(
                    "STAYAWAY_MAP_TILES_SUBDOMAINS",
                    "abc",
                    "the letters or digits {s} in the tile URL template stands for"),
            new Key(
                    "STAYAWAY_MAP_TILES_DATUM",
                    "wgs84",
                    "the datum the tiles are drawn in: wgs84, or gcj02 for basemaps licensed in mainland China (AMap/Gaode, Tencent), on which the console draws every position converted to GCJ-02 (for display only: nothing stored, evaluated or exported changes)"),
            new Key(
                    "STAYAWAY_CHECK_INS_AFTER_CRITICAL",
                    "PT24H",
                    "ISO-8601 duration (PT1H to P7D): the protected person gets a safety check-in this long after any critical alert of her order (alerts/README.md, Safety check-ins)"),
            new Key(
                    "STAYAWAY_CHECK_INS_REPLY_WITHIN",
                    "PT4H",
                    "ISO-8601 duration (PT5M to P2D): a check-in unanswered this long is missed; after a post-alert check-in this raises CHECK_IN_MISSED"),
            new Key(
                    "STAYAWAY_CHECK_INS_QUIET_HOURS",
                    "21:00-08:00",
                    "HH:mm-HH:mm in each order's time zone in which no check-in is texted (one due then is sent at their end); none = no quiet hours"),
            new Key(
                    "TWILIO_INBOUND_URL",
                    "",
                    "public URL of POST /twilio/inbound, set as the Twilio number's messaging webhook: check-in replies (signature-checked against this URL); empty = no replies taken and so no safety check-in sent (a reply of 2 must reach someone)"));

    /** One configuration key. */
    public record Key(String name, String defaultValue, String meaning) {}

    /** Reads the configuration from the process environment. */
    public static GatewayConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the configuration from a map of key → value; missing keys take their defaults. */
    public static GatewayConfig from(Map<String, String> source) {
        ConfigReader r = new ConfigReader(source);
        GatewayConfig config = new GatewayConfig(
                r.text("STAYAWAY_DB_URL"),
                r.text("STAYAWAY_DB_USER"),
                r.text("STAYAWAY_DB_PASSWORD"),
                r.integer("STAYAWAY_DB_POOL_SIZE", 1, 200),
                r.text("STAYAWAY_HTTP_HOST"),
                r.integer("STAYAWAY_HTTP_PORT", 0, 65535),
                r.parsed(
                        "STAYAWAY_MQTT_MODE",
                        v -> MqttMode.valueOf(v.toUpperCase(java.util.Locale.ROOT)),
                        "broker or embedded"),
                r.text("STAYAWAY_BROKER_URL"),
                r.text("STAYAWAY_BROKER_CLIENT_ID"),
                r.text("STAYAWAY_BROKER_USER"),
                r.text("STAYAWAY_BROKER_PASSWORD"),
                r.text("STAYAWAY_BROKER_SHARE_GROUP"),
                r.integer("STAYAWAY_BROKER_RECEIVE_MAXIMUM", 1, 65535),
                r.integer("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", 0, Integer.MAX_VALUE),
                r.text("STAYAWAY_EMBEDDED_MQTT_HOST"),
                r.integer("STAYAWAY_EMBEDDED_MQTT_PORT", 0, 65535),
                r.text("TWILIO_ACCOUNT_SID"),
                r.text("TWILIO_AUTH_TOKEN"),
                r.text("TWILIO_FROM_NUMBER"),
                r.parsed("TWILIO_API_BASE_URL", v -> v.isEmpty() ? null : URI.create(v), "an http(s) URL"),
                r.integer("STAYAWAY_WRITER_BATCH_SIZE", 1, 10_000),
                r.integer("STAYAWAY_WRITER_QUEUE_CAPACITY", 1, 10_000_000),
                Duration.ofSeconds(r.integer("STAYAWAY_FUTURE_TOLERANCE_SECONDS", 0, 86_400)),
                r.integer("STAYAWAY_MAX_PAYLOAD_BYTES", 256, 16 * 1024 * 1024),
                Duration.ofSeconds(r.integer("STAYAWAY_COMMUNICATION_LOSS_SECONDS", 1, 86_400)),
                Duration.ofSeconds(r.integer("STAYAWAY_GNSS_LOSS_SECONDS", 1, 86_400)),
                r.integer("STAYAWAY_USABLE_ACCURACY_METRES", 1, 10_000),
                Duration.ofSeconds(r.integer("STAYAWAY_ESCALATION_ACK_SECONDS", 1, 3_600)),
                Duration.ofSeconds(r.integer("STAYAWAY_ESCALATION_SUPERVISOR_SECONDS", 1, 3_600)),
                warningBudget(r),
                r.parsed("TWILIO_STATUS_CALLBACK_URL", v -> v.isEmpty() ? null : URI.create(v), "an http(s) URL"),
                Duration.ofDays(r.integer("STAYAWAY_RETENTION_PROTECTED_DAYS", 1, 36_500)),
                Duration.ofDays(r.integer("STAYAWAY_RETENTION_RESPONDENT_DAYS", 1, 36_500)),
                r.text("STAYAWAY_JWT_SECRET"),
                Duration.ofMinutes(r.integer("STAYAWAY_TOKEN_TTL_MINUTES", 1, 7 * 24 * 60)),
                r.text("STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD"),
                r.integer("STAYAWAY_LOGIN_FAILURES_PER_MINUTE", 1, 1_000),
                r.integer("STAYAWAY_LOGIN_FAILURES_PER_MINUTE_ALL_USERS", 1, 1_000_000),
                r.text("STAYAWAY_EVIDENCE_KEY"),
                Duration.ofMinutes(r.integer("STAYAWAY_CHECKPOINT_MINUTES", 1, 24 * 60)),
                r.parsed("STAYAWAY_CLUSTER_MEMBERS", GatewayConfig::members, "a comma-separated list of host:port"),
                r.text("STAYAWAY_CLUSTER_HOST"),
                r.integer("STAYAWAY_CLUSTER_PORT", 1, 65535),
                mapTiles(r),
                checkIns(r),
                r.parsed("TWILIO_INBOUND_URL", v -> v.isEmpty() ? null : URI.create(v), "an http(s) URL"));
        r.failIfErrors();
        checkConsistency(config);
        return config;
    }

    /** Rules that involve more than one key, or more than a key's own range. */
    private static void checkConsistency(GatewayConfig config) {
        if (!config.dbUrl().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("STAYAWAY_DB_URL must be a jdbc:postgresql: URL, got " + config.dbUrl());
        }
        if (!config.jwtSecret().isEmpty()
                && config.jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(
                    "STAYAWAY_JWT_SECRET must be at least 32 bytes (HS256 key), or empty for a random per-process key");
        }
        if (!config.bootstrapAdminPassword().isEmpty()
                && config.bootstrapAdminPassword().length() < 12) {
            throw new ConfigException(
                    "STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD must have at least 12 characters, or be empty for a random one");
        }
        if (config.protectedRetention().compareTo(config.respondentRetention()) > 0) {
            throw new ConfigException(
                    "STAYAWAY_RETENTION_PROTECTED_DAYS must not exceed STAYAWAY_RETENTION_RESPONDENT_DAYS");
        }
        if (config.clustered()) {
            checkClusterConsistency(config);
        }
        if (config.twilioInboundUrl() != null && !config.twilioEnabled()) {
            throw new ConfigException(
                    "TWILIO_INBOUND_URL needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (inbound messages are verified with the token)");
        }
        if (config.twilioStatusCallbackUrl() != null && !config.twilioEnabled()) {
            throw new ConfigException(
                    "TWILIO_STATUS_CALLBACK_URL needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (callbacks are verified with the token)");
        }
        if (!config.twilioAccountSid().isEmpty()
                && (config.twilioAuthToken().isEmpty()
                        || config.twilioFromNumber().isEmpty())) {
            throw new ConfigException(
                    "TWILIO_ACCOUNT_SID is set, so TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER are required too");
        }
    }

    /**
     * A cluster shares devices through the broker and trusts one another's tokens and evidence: every node
     * must read a share group, and hold the same token and evidence keys (a random per-process key would make
     * one node refuse another's tokens and fork the signed checkpoints).
     */
    private static void checkClusterConsistency(GatewayConfig config) {
        if (config.mqttMode() != MqttMode.BROKER || config.brokerShareGroup().isEmpty()) {
            throw new ConfigException(
                    "STAYAWAY_CLUSTER_MEMBERS needs STAYAWAY_MQTT_MODE=broker and STAYAWAY_BROKER_SHARE_GROUP (each ping to one node)");
        }
        if (config.jwtSecret().isEmpty()) {
            throw new ConfigException(
                    "STAYAWAY_CLUSTER_MEMBERS needs STAYAWAY_JWT_SECRET, the same on every node (tokens must verify everywhere)");
        }
        if (config.evidenceKeyPath().isEmpty()) {
            throw new ConfigException(
                    "STAYAWAY_CLUSTER_MEMBERS needs STAYAWAY_EVIDENCE_KEY, the same key on every node (one checkpoint sequence)");
        }
    }

    /** The protected person's warning budget; each refused value is reported with its own key. */
    private static WarningBudget warningBudget(ConfigReader r) {
        Duration quiet =
                r.parsed("STAYAWAY_WARNING_BUDGET_REPEAT_QUIET", Duration::parse, "an ISO-8601 duration like PT30M");
        int cap = r.integer("STAYAWAY_WARNING_BUDGET_DAILY_CAP", 0, WarningBudget.MAX_DAILY_CAP);
        if (quiet == null || cap < 0 || cap > WarningBudget.MAX_DAILY_CAP) {
            return WarningBudget.defaults(); // already reported with its key
        }
        try {
            return new WarningBudget(quiet, cap);
        } catch (IllegalArgumentException e) {
            r.errors.add("STAYAWAY_WARNING_BUDGET_REPEAT_QUIET: " + e.getMessage());
            return WarningBudget.defaults();
        }
    }

    /** Safety check-in timing (issue #19); each refused value is reported with its own key. */
    private static CheckInSettings checkIns(ConfigReader r) {
        Duration after = r.parsed("STAYAWAY_CHECK_INS_AFTER_CRITICAL", Duration::parse, "an ISO-8601 duration");
        Duration reply = r.parsed("STAYAWAY_CHECK_INS_REPLY_WITHIN", Duration::parse, "an ISO-8601 duration");
        QuietHours quiet = r.parsed("STAYAWAY_CHECK_INS_QUIET_HOURS", QuietHours::parse, "HH:mm-HH:mm or none");
        if (after != null && (after.compareTo(Duration.ofHours(1)) < 0 || after.compareTo(Duration.ofDays(7)) > 0)) {
            r.errors.add("STAYAWAY_CHECK_INS_AFTER_CRITICAL must be PT1H to P7D, got " + after);
        }
        if (reply != null && (reply.compareTo(Duration.ofMinutes(5)) < 0 || reply.compareTo(Duration.ofDays(2)) > 0)) {
            r.errors.add("STAYAWAY_CHECK_INS_REPLY_WITHIN must be PT5M to P2D, got " + reply);
        }
        CheckInSettings d = CheckInSettings.defaults();
        return d.withTimes(
                after == null ? d.afterCritical() : after,
                reply == null ? d.replyWithin() : reply,
                quiet == null ? d.quietHours() : quiet);
    }

    /** The console's basemap; a refused combination is reported against the tile template's key. */
    private static MapTiles mapTiles(ConfigReader r) {
        MapTiles.Datum datum = r.parsed("STAYAWAY_MAP_TILES_DATUM", MapTiles.Datum::parse, "wgs84 or gcj02");
        int maxZoom = r.integer("STAYAWAY_MAP_TILES_MAX_ZOOM", 1, 22);
        try {
            return new MapTiles(
                    r.text("STAYAWAY_MAP_TILES"),
                    r.text("STAYAWAY_MAP_TILES_ATTRIBUTION"),
                    maxZoom,
                    r.text("STAYAWAY_MAP_TILES_SUBDOMAINS"),
                    datum == null ? MapTiles.Datum.WGS84 : datum);
        } catch (IllegalArgumentException e) {
            r.errors.add("STAYAWAY_MAP_TILES: " + e.getMessage());
            return MapTiles.NONE;
        }
    }

    /** Cluster members as host:port; each entry must name a port. */
    private static List<String> members(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String m = part.trim();
            if (m.isEmpty()) {
                continue;
            }
            int colon = m.lastIndexOf(':');
            int port = colon < 1 ? -1 : Integer.parseInt(m.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(m);
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** True when this gateway is one node of a cluster ({@code STAYAWAY_CLUSTER_MEMBERS} set). */
    public boolean clustered() {
        return !clusterMembers.isEmpty();
    }

    /** True when notifications go to Twilio rather than the dry-run channel. */
    public boolean twilioEnabled() {
        return !twilioAccountSid.isEmpty();
    }

    /** The effective configuration for the start-up log, secrets masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("STAYAWAY_DB_URL", dbUrl);
        out.put("STAYAWAY_DB_USER", dbUser);
        out.put("STAYAWAY_HTTP", httpHost + ":" + httpPort);
        out.put("STAYAWAY_MQTT_MODE", mqttMode.name().toLowerCase(java.util.Locale.ROOT));
        out.put(
                mqttMode == MqttMode.BROKER ? "STAYAWAY_BROKER_URL" : "STAYAWAY_EMBEDDED_MQTT",
                mqttMode == MqttMode.BROKER
                        ? brokerUrl + (brokerShareGroup.isEmpty() ? "" : " shared as " + brokerShareGroup)
                        : embeddedMqttHost + ":" + embeddedMqttPort);
        out.put(
                "api tokens",
                "HS256, " + tokenLifetime.toMinutes() + " min, key "
                        + (jwtSecret.isEmpty() ? "random per process" : "from STAYAWAY_JWT_SECRET"));
        out.put("evidence key", evidenceKeyPath.isEmpty() ? "random per process" : evidenceKeyPath);
        out.put("checkpoints", "every " + checkpointInterval.toMinutes() + " min");
        out.put("warning budget", warningBudget.describe());
        out.put(
                "check-ins",
                checkIns.afterCritical() + " after a critical alert, reply within " + checkIns.replyWithin()
                        + ", quiet hours " + checkIns.quietHours() + ", replies "
                        + (twilioInboundUrl == null ? "not taken" : "at " + twilioInboundUrl));
        out.put(
                "console basemap",
                mapTiles.enabled()
                        ? mapTiles.imageSource() + " ("
                                + mapTiles.datum().name().toLowerCase(java.util.Locale.ROOT) + ")"
                        : "none (offline drawing)");
        out.put(
                "cluster",
                clustered()
                        ? clusterHost + ":" + clusterPort + " with " + String.join(",", clusterMembers)
                        : "single node");
        out.put(
                "notifications",
                twilioEnabled()
                        ? "twilio " + twilioAccountSid + (twilioApiBaseUrl == null ? "" : " via " + twilioApiBaseUrl)
                        : "dry-run");
        return out;
    }

    @Override
    public String toString() {
        return "GatewayConfig" + describe();
    }

    /** A configuration value that cannot be used; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
