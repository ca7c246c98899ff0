package io.stayaway.alerts.checkin;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * What an inbound text means: {@code 1} safe, {@code 2} help, Twilio's opt-out and opt-in keywords, anything
 * else. Trimmed, case-insensitive, full-width digits and letters (as a Chinese keyboard types them) read as
 * their ASCII forms by Unicode NFKC. Stateless.
 */
public enum ReplyMeaning {
    SAFE,
    HELP,
    /** Twilio's standard opt-out keywords (Twilio "Advanced Opt-Out", default keywords). */
    OPT_OUT,
    /** Twilio's standard opt-in keywords. */
    OPT_IN,
    OTHER;

    private static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> OPT_IN_WORDS = Set.of("START", "UNSTOP");

    public static ReplyMeaning of(String body) {
        if (body == null) {
            return OTHER;
        }
        String text = Normalizer.normalize(body, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
        if (text.equals("1")) {
            return SAFE;
        }
        if (text.equals("2")) {
            return HELP;
        }
        if (OPT_OUT_WORDS.contains(text)) {
            return OPT_OUT;
        }
        if (OPT_IN_WORDS.contains(text)) {
            return OPT_IN;
        }
        return OTHER;
    }

    /** Lower-case name stored in {@code check_in_replies.meaning}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
