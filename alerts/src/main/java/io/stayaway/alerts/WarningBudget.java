package io.stayaway.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How many warning texts the protected person of one order may receive (issue #18, part 3); immutable.
 * A warning (APPROACH, PROXIMITY_UNKNOWN: the non-critical types routed to her) is not texted to her
 * when another warning text went to her less than {@code repeatQuiet} before, or when {@code dailyCap}
 * warning texts went to her in the rolling 24 hours before it. "Daily" is a rolling 24 hours, not a
 * calendar day: it needs no time zone and has no midnight at which a burst may start again. Critical
 * types are never suppressed, and the budget concerns her alone: the duty desk and the respondent are
 * texted as before. Pure: no clock, no I/O; the caller passes the time and the texts already sent.
 *
 * @param repeatQuiet a warning within this long of the last warning text to her is suppressed (default
 *                    30 min; zero turns the repeat rule off; at most 24 h, the span the budget looks back)
 * @param dailyCap    at most this many warning texts to her per rolling 24 hours (default 4; 0 means no
 *                    warning texts to her at all, while critical alerts still reach her)
 */
public record WarningBudget(Duration repeatQuiet, int dailyCap) {
    /** The span the daily cap counts over. */
    public static final Duration DAY = Duration.ofHours(24);

    /** The largest cap accepted (above 48 a 30-minute quiet period already bounds a day). */
    public static final int MAX_DAILY_CAP = 100;

    /**
     * What happens to one warning text to the protected person. {@code SEND} also for every type the
     * budget does not limit.
     */
    public enum Decision {
        SEND,
        SUPPRESSED_REPEAT,
        SUPPRESSED_DAILY_CAP;

        /** The reason as stored and sent on the wire ({@code repeat}, {@code daily_cap}); null for SEND. */
        public String wireName() {
            return switch (this) {
                case SEND -> null;
                case SUPPRESSED_REPEAT -> "repeat";
                case SUPPRESSED_DAILY_CAP -> "daily_cap";
            };
        }
    }

    /**
     * A decision with what it rests on.
     *
     * @param decision    send or why not
     * @param reference   for a repeat, the latest warning text within the quiet period; for the cap, the
     *                    oldest text in the window (the cap frees one text 24 h after it); null for SEND
     * @param sentInWindow warning texts to her in the 24 hours before the warning judged
     */
    public record Judgement(Decision decision, Instant reference, int sentInWindow) {
        public Judgement {
            Objects.requireNonNull(decision, "decision");
        }

        public boolean suppressed() {
            return decision != Decision.SEND;
        }
    }

    public WarningBudget {
        if (repeatQuiet == null || repeatQuiet.isNegative() || repeatQuiet.compareTo(DAY) > 0) {
            throw new IllegalArgumentException("repeatQuiet must be a duration from PT0S to PT24H, got " + repeatQuiet);
        }
        if (dailyCap < 0 || dailyCap > MAX_DAILY_CAP) {
            throw new IllegalArgumentException("dailyCap must be between 0 and " + MAX_DAILY_CAP + ", got " + dailyCap);
        }
    }

    /**
     * Repeats within 30 minutes suppressed, at most 4 warning texts a day. Four leaves her a warning in
     * the morning, at midday, in the evening and one more, while the case that prompted the budget (a
     * respondent whose coarse fixes opened six approach episodes a day near her home) no longer texts
     * her six times; whatever is real escalates into a critical alert, which is never capped.
     */
    public static WarningBudget defaults() {
        return new WarningBudget(Duration.ofMinutes(30), 4);
    }

    /** True for the types this budget limits: those routed to the protected person that are not critical. */
    public static boolean isWarning(AlertType type) {
        return NotificationPlan.tellsProtectedPerson(type) && type.defaultSeverity() != Severity.CRITICAL;
    }

    /**
     * SEND for critical types always; otherwise judged against the times warning texts were actually sent
     * to her for this order (any order of the list, older ones ignored).
     */
    public Decision decide(AlertType type, Instant at, List<Instant> warningsSentBefore) {
        return judge(type, at, warningsSentBefore).decision();
    }

    /**
     * As {@link #decide}, with the text the decision rests on. Texts at or before {@code at - 24 h} are
     * ignored; texts after {@code at} (another gateway's clock a little ahead) count as sent. When both
     * rules refuse, the cap is named: it is the one that still holds after the quiet period.
     */
    public Judgement judge(AlertType type, Instant at, List<Instant> warningsSentBefore) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (!isWarning(type)) {
            return new Judgement(Decision.SEND, null, 0);
        }
        Instant windowStart = at.minus(DAY);
        Instant quietStart = at.minus(repeatQuiet);
        int inWindow = 0;
        Instant oldest = null;
        Instant latestInQuiet = null;
        for (Instant sent : warningsSentBefore) {
            if (!sent.isAfter(windowStart)) {
                continue;
            }
            inWindow++;
            if (oldest == null || sent.isBefore(oldest)) {
                oldest = sent;
            }
            if (!repeatQuiet.isZero()
                    && sent.isAfter(quietStart)
                    && (latestInQuiet == null || sent.isAfter(latestInQuiet))) {
                latestInQuiet = sent;
            }
        }
        if (inWindow >= dailyCap) {
            return new Judgement(Decision.SUPPRESSED_DAILY_CAP, oldest, inWindow);
        }
        if (latestInQuiet != null) {
            return new Judgement(Decision.SUPPRESSED_REPEAT, latestInQuiet, inWindow);
        }
        return new Judgement(Decision.SEND, null, inWindow);
    }

    /** The rule in words, for the evidence record: "repeats within 30 min suppressed, at most 4 per rolling 24 h". */
    public String describe() {
        return "warning texts to the protected person: "
                + (repeatQuiet.isZero() ? "no quiet period" : "repeats within " + quietText() + " suppressed")
                + ", at most " + dailyCap + " per rolling 24 h";
    }

    /** The quiet period as people say it: "30 min", or ISO-8601 when it is not whole minutes. */
    public String quietText() {
        return repeatQuiet.toSecondsPart() == 0 && repeatQuiet.toNanosPart() == 0
                ? repeatQuiet.toMinutes() + " min"
                : repeatQuiet.toString();
    }
}
