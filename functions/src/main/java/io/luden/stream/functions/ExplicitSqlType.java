package io.luden.stream.functions;

import java.io.Serializable;

/**
 * An SQL type configured for a column instead of the dialect's type map (SPEC §7–8): by a mapping's
 * {@code column_type}/{@code type} or a transform's {@code __sql_type_<column>}.
 *
 * @param ddlType the type in CREATE TABLE / ADD COLUMN
 * @param castType what the INSERT placeholder is cast to; null for no cast
 */
public record ExplicitSqlType(String ddlType, String castType) implements Serializable {

    public ExplicitSqlType {
        if (ddlType == null || ddlType.isBlank()) {
            throw new IllegalArgumentException("an explicit SQL type needs a DDL type");
        }
    }

    /** One type for both the DDL and the cast, as {@code __sql_type_x: "int"} declares it. */
    public static ExplicitSqlType of(String type) {
        return new ExplicitSqlType(type, type);
    }
}
