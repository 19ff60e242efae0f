package io.luden.stream.sinks.s3;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 lines: a value with a comma, a quote or a line break is quoted, its quotes doubled. */
final class Csv {
    private Csv() {}

    static void writeLine(List<String> values, Writer w) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String v = values.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write('\n');
    }

    /** All records of {@code text}, each a list of values (quoted line breaks stay inside their value). */
    static List<List<String>> read(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                record.add(value.toString());
                value.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || value.length() > 0) {
                    record.add(value.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                value.setLength(0);
                any = false;
            } else {
                value.append(c);
                any = true;
            }
        }
        if (any || value.length() > 0) {
            record.add(value.toString());
            records.add(record);
        }
        return records;
    }
}
