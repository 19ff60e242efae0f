package io.luden.stream.sinks.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Amazon Redshift refuses (or would quietly do otherwise) that PostgreSQL, the engine the Redshift
 * tests run on, accepts: checked on every statement the Redshift driver sends through {@link RedshiftProxy}.
 * Quoted identifiers and string literals are blanked first, so a column named {@code "on conflict"} is no
 * finding. From Redshift's SQL reference (CREATE TABLE, ALTER TABLE, INSERT, UPDATE, COPY, data types,
 * unsupported PostgreSQL features).
 */
public final class RedshiftSqlRules {
    /** Redshift's limit on bind parameters in one statement. */
    public static final int MAX_PARAMETERS = 32_767;
    /** Redshift's limit on the text of one statement, in bytes. */
    public static final int MAX_STATEMENT_BYTES = 16 * 1024 * 1024;

    private record Rule(Pattern pattern, String why) {}

    private static final List<Rule> RULES = new ArrayList<>();

    static {
        rule("\\bON\\s+CONFLICT\\b", "no ON CONFLICT (upsert clause) in Redshift");
        rule("\\bADD\\s+(COLUMN\\s+)?IF\\s+NOT\\s+EXISTS\\b", "no ADD COLUMN IF NOT EXISTS in Redshift");
        rule("\\bCOPY\\b.*\\bFROM\\s+STDIN\\b", "Redshift's COPY reads S3, EMR, DynamoDB or SSH, not STDIN");
        rule("\\bON\\s+COMMIT\\b", "no ON COMMIT clause on Redshift temporary tables");
        rule("\\bRETURNING\\b", "no RETURNING in Redshift");
        rule("\\bLATERAL\\b", "no LATERAL in Redshift");
        rule("\\bUNNEST\\s*\\(", "no unnest() in Redshift");
        rule("\\bINSERT\\s+INTO\\s+[^\\s(]+\\s+AS\\b", "Redshift's INSERT takes no alias for its target table");
        rule("\\bpg_temp\\s*\\.", "Redshift names no pg_temp schema");
        rule("\\block_timeout\\b", "no lock_timeout parameter in Redshift");
        rule("\\bCREATE\\s+(UNIQUE\\s+)?INDEX\\b", "Redshift has no indexes");
        rule("\\b(JSONB|UUID|BIGSERIAL|SERIAL|BYTEA|CITEXT|INET)\\b", "not a Redshift data type");
        rule("\\bTIMESTAMP(TZ)?\\s*\\(", "Redshift timestamps take no precision");
        rule("\\bEXCLUDED\\s*\\.", "no EXCLUDED pseudo-table in Redshift");
        rule("\\bMERGE\\b", "MERGE: Redshift has it, PostgreSQL 14 (the test engine) does not: the test could not check it");
        rule("\\bALTER\\s+TABLE\\b.*\\bADD\\b.*,\\s*ADD\\b", "Redshift adds one column per ALTER TABLE");
        rule("\\bDEFERRABLE\\b", "no deferrable constraints in Redshift");
        rule("\\bWITH\\b[^;]*\\(\\s*(INSERT|UPDATE|DELETE)\\b", "no data-modifying WITH in Redshift");
    }

    /** Redshift makes a TEXT column a VARCHAR(256): a dialect asking for one would cut its strings' room. */
    private static final Pattern DDL = Pattern.compile("^\\s*(CREATE|ALTER)\\s+(TEMP\\s+|TEMPORARY\\s+)?TABLE\\b");
    private static final Pattern TEXT_TYPE = Pattern.compile("\\bTEXT\\b");

    private static final Pattern VARCHAR = Pattern.compile("\\b(?:CHARACTER\\s+VARYING|VARCHAR|NVARCHAR)\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern NUMERIC = Pattern.compile("\\b(?:NUMERIC|DECIMAL)\\s*\\(\\s*(\\d+)");

    private RedshiftSqlRules() {}

    private static void rule(String regex, String why) {
        RULES.add(new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), why));
    }

    /** Why Redshift would refuse {@code sql} with {@code parameters} bind parameters, or empty when it runs there. */
    public static Optional<String> check(String sql, int parameters) {
        if (parameters > MAX_PARAMETERS) {
            return Optional.of(parameters + " bind parameters, more than Redshift's " + MAX_PARAMETERS);
        }
        if (sql.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_STATEMENT_BYTES) {
            return Optional.of("statement longer than Redshift's 16 MB");
        }
        String code = blankQuoted(sql).toUpperCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.pattern.matcher(code).find()) {
                return Optional.of(r.why);
            }
        }
        if (DDL.matcher(code).find() && TEXT_TYPE.matcher(code).find()) {
            return Optional.of("a TEXT column is a VARCHAR(256) in Redshift");
        }
        Matcher m = VARCHAR.matcher(code);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) > 65_535) {
                return Optional.of("Redshift's VARCHAR holds at most 65535 bytes");
            }
        }
        m = NUMERIC.matcher(code);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) > 38) {
                return Optional.of("Redshift's NUMERIC has at most 38 digits");
            }
        }
        return Optional.empty();
    }

    /** {@code sql} with the insides of "identifiers", 'literals' and comments replaced by nothing. */
    static String blankQuoted(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < sql.length()) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                            j += 2; // doubled quote inside
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.append(c).append(c);
                i = j + 1;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
