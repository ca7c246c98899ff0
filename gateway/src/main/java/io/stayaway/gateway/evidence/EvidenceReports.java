package io.stayaway.gateway.evidence;

/** The human-readable report of a bundle, in each language; fed from the same data as the bundle's files. */
final class EvidenceReports {
    private EvidenceReports() {
    }

    enum Language {
        EN("en"), ZH("zh");

        private final String code;

        Language(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    static String render(EpisodeData data, AlertRecords records, Language lang) {
        return "<!DOCTYPE html><html lang=\"" + lang.code() + "\"><body><p>" + records.alert().getString("type") + "</p></body></html>\n";
    }
}
