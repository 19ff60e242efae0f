package io.luden.stream.config;

import java.util.Map;
import java.util.regex.Pattern;

/** Replaces {@code ${env:NAME}} references inside a string value (SPEC §12). */
final class EnvReferences {
    private static final String START = "${env:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvReferences() {}

    /**
     * One pass from left to right, so a variable's value is never searched for references itself.
     *
     * @param path the key path of the value, for the error message
     */
    static String substitute(String text, Map<String, String> env, String path) throws ConfigException {
        int at = text.indexOf(START);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = text.indexOf('}', at);
            if (end < 0) {
                throw new ConfigException(path + ": unterminated " + START + "...} reference in \"" + text + "\"");
            }
            String name = text.substring(at + START.length(), end);
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(path + ": '" + name + "' in " + START + name
                        + "} is not an environment variable name");
            }
            String value = env.get(name);
            if (value == null) {
                throw new ConfigException(path + ": environment variable " + name + " is not set");
            }
            out.append(text, from, at).append(value);
            from = end + 1;
            at = text.indexOf(START, from);
        }
        return out.append(text, from, text.length()).toString();
    }
}
