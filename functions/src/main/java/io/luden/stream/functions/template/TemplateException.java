package io.luden.stream.functions.template;

/**
 * A table_name_template that cannot be evaluated for one event (SPEC §5: the event goes to
 * {@code failed} with this message).
 */
public class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
