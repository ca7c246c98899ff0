package io.stayaway.simulator;

import java.security.SecureRandom;

/** The --unique option: no suffix, a given one, or a fresh random one. Immutable, thread-safe. */
final class RunSuffix {
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunSuffix() {}

    /** null: none; empty: random; otherwise the given text; returned with a leading '-' when present. */
    static String resolve(String option) {
        if (option == null) {
            return "";
        }
        String suffix = option.isEmpty() ? random() : option;
        if (!suffix.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("--unique suffix must be 1-32 of A-Z a-z 0-9 _ . -, got " + suffix);
        }
        return suffix.startsWith("-") ? suffix : "-" + suffix;
    }

    private static String random() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
