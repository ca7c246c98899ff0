package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;

/** The standalone page shell shared by both reports: XHTML-compatible, UTF-8, inline CSS with A4 print rules, no scripts. */
public final class ReportPage {
    private static final String CSS = String.join(
            "\n",
            "@page { size: A4; margin: 16mm 14mm 18mm 14mm; }",
            "html { font-family: \"Noto Sans\", \"Helvetica Neue\", Arial, \"Noto Sans CJK SC\", \"Source Han Sans SC\",",
            "  \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; }",
            "body { margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; background: #ffffff; }",
            "h1 { font-size: 17pt; margin: 0 0 4mm 0; border-bottom: 2px solid #1a1a1a; padding-bottom: 2mm; }",
            "h2 { font-size: 12.5pt; margin: 7mm 0 2mm 0; border-bottom: 1px solid #999999; padding-bottom: 1mm; }",
            "table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm 0; font-size: 9.5pt; }",
            "th, td { border: 1px solid #b5b5b5; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; }",
            "th { background: #eeeeee; font-weight: 600; }",
            "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }",
            "td.time { white-space: nowrap; }",
            "table.facts th { width: 38%; }",
            "p.summary { font-size: 11pt; background: #f5f5f0; border-left: 4px solid #c0392b; padding: 2.5mm 3.5mm; }",
            "p.summary.possible { border-left-color: #e08e0b; }",
            "p.note, p.empty { color: #555555; font-size: 9pt; margin: 1mm 0; }",
            "figure { margin: 2mm 0 4mm 0; }",
            "figure svg { width: 100%; height: auto; display: block; border: 1px solid #cccccc; }",
            "figcaption { font-size: 9pt; color: #444444; margin-top: 1mm; }",
            ".mono, code { font-family: \"DejaVu Sans Mono\", \"Noto Sans Mono\", Consolas, monospace; font-size: 9pt;",
            "  overflow-wrap: anywhere; word-break: break-all; }",
            ".badge { display: inline-block; padding: 0 2mm; border-radius: 2mm; font-weight: 600; }",
            ".badge.confirmed { background: #c0392b; color: #ffffff; }",
            ".badge.possible { background: #f6d7a7; color: #5a3a00; }",
            "footer { margin-top: 8mm; font-size: 8.5pt; color: #555555; border-top: 1px solid #cccccc; padding-top: 2mm; }",
            "@media print {",
            "  body { max-width: none; padding: 0; }",
            "  h2 { break-after: avoid; page-break-after: avoid; }",
            "  figure, tr, p.summary { break-inside: avoid; page-break-inside: avoid; }",
            "  thead { display: table-header-group; }",
            "  figure svg { border: none; }",
            "  a { color: inherit; text-decoration: none; }",
            "}");

    private ReportPage() {}

    /** The text of the page's one style element, exactly as written: what a Content-Security-Policy hash covers. */
    private static final String STYLE = "\n" + CSS + "\n";

    /**
     * The Content-Security-Policy source ({@code 'sha256-…'}) that admits the reports' one style element, and
     * nothing else: a page that shows a report under its own policy (the console opens the renewal review from
     * a blob, which inherits the console's policy) adds it to {@code style-src}.
     */
    public static String styleSource() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(STYLE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static void open(Markup out, ReportLanguage lang, String title) {
        out.raw("<!DOCTYPE html>\n");
        out.raw("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + lang.htmlLang() + "\" xml:lang=\""
                + lang.htmlLang() + "\">\n");
        out.raw("<head>\n<meta charset=\"UTF-8\"/>\n");
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.element("title", "", title).raw("\n");
        out.raw("<style>").raw(STYLE).raw("</style>\n</head>\n<body>\n");
    }

    static void close(Markup out) {
        out.raw("</body>\n</html>\n");
    }

    /**
     * Opens {@code <section id><h2>title</h2>}; when the section has nothing to show, says "None recorded.", closes
     * it and returns false.
     */
    static boolean section(Markup out, String id, String title, boolean empty, ReportLanguage lang) {
        out.raw("<section id=\"" + id + "\">").element("h2", "", title).raw("\n");
        if (empty) {
            out.element("p", "class=\"empty\"", Term.NONE.in(lang)).raw("\n</section>\n");
        }
        return !empty;
    }

    /** A two-column table of label/value rows; values are escaped text. */
    static void facts(Markup out, String[][] rows) {
        out.raw("<table class=\"facts\"><tbody>\n");
        for (String[] row : rows) {
            out.raw("<tr>")
                    .element("th", "scope=\"row\"", row[0])
                    .element("td", row.length > 2 ? row[2] : "", row[1])
                    .raw("</tr>\n");
        }
        out.raw("</tbody></table>\n");
    }

    /** Opens a table with the given header cells; a header starting with '#' is right-aligned (numeric). */
    static void tableHead(Markup out, String cls, String... headers) {
        out.raw("<table class=\"" + cls + "\"><thead><tr>");
        for (String h : headers) {
            if (h.startsWith("#")) {
                out.element("th", "class=\"num\" scope=\"col\"", h.substring(1));
            } else {
                out.element("th", "scope=\"col\"", h);
            }
        }
        out.raw("</tr></thead><tbody>\n");
    }

    static void tableEnd(Markup out) {
        out.raw("</tbody></table>\n");
    }
}
