package io.stayaway.alerts.evidence;

/** The language a report is written in: English or Simplified Chinese. */
public enum ReportLanguage {
    EN("en"),
    ZH("zh-Hans");

    private final String htmlLang;

    ReportLanguage(String htmlLang) {
        this.htmlLang = htmlLang;
    }

    /** The BCP 47 tag for the document's {@code lang} attribute. */
    public String htmlLang() {
        return htmlLang;
    }
}
