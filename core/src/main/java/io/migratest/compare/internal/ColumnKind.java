package io.migratest.compare.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;

/** How one result column is read, chosen once from the metadata so every row reads it the same way. */
enum ColumnKind {
    PLAIN, LOCAL_DATE_TIME, OFFSET_DATE_TIME, DATE, TIME, TEXT, BYTES, JSON, ARRAY;

    static ColumnKind of(ResultSetMetaData meta, int column) throws SQLException {
        int type = meta.getColumnType(column);
        String name = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        if (name.equals("json") || name.equals("jsonb")) {
            return JSON;
        }
        if (name.equals("timestamptz") || type == Types.TIMESTAMP_WITH_TIMEZONE) {
            return OFFSET_DATE_TIME;
        }
        return switch (type) {
            case Types.TIMESTAMP -> LOCAL_DATE_TIME;
            case Types.DATE -> name.equals("year") ? PLAIN : DATE;
            case Types.TIME -> TIME;
            case Types.CLOB, Types.NCLOB, Types.SQLXML, Types.OTHER, Types.DISTINCT, Types.STRUCT ->
                    name.equals("uuid") ? PLAIN : TEXT;
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> BYTES;
            case Types.ARRAY -> ARRAY;
            default -> PLAIN;
        };
    }

    /** Reads the column as a plain Java value, already in canonical form. */
    Object read(ResultSet rs, int column) throws SQLException {
        Object value = switch (this) {
            case PLAIN -> rs.getObject(column);
            case LOCAL_DATE_TIME -> rs.getObject(column, LocalDateTime.class);
            case OFFSET_DATE_TIME -> rs.getObject(column, OffsetDateTime.class);
            case DATE -> rs.getObject(column, LocalDate.class);
            case TIME -> rs.getObject(column, LocalTime.class);
            case TEXT -> rs.getString(column);
            case BYTES -> rs.getBytes(column);
            case JSON -> {
                String text = rs.getString(column);
                yield text == null ? null : Values.parseJson(text);
            }
            case ARRAY -> {
                Array array = rs.getArray(column);
                yield array == null ? null : Arrays.asList((Object[]) array.getArray());
            }
        };
        return Values.canonical(value);
    }
}
