package io.stayaway.alerts.notify;

/**
 * A phone number as the log may show it: the country prefix and the last four digits, the rest hidden
 * ({@code +8613800001234} → {@code +86•••••1234}), enough to tell numbers apart without handing a
 * parties' number to whoever reads the log. Stateless, thread-safe.
 */
public final class PhoneMask {
    private static final String HIDDEN = "•••••";

    private PhoneMask() {}

    /** The masked number; a short or null value is hidden entirely. */
    public static String mask(String phone) {
        if (phone == null || phone.length() < 8) {
            return HIDDEN;
        }
        return phone.substring(0, 3) + HIDDEN + phone.substring(phone.length() - 4);
    }
}
