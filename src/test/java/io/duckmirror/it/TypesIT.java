package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every column of the type survey's fixture (fixtures/types.sql, measured in docs/types.md), mirrored
 * by {@code duckmirror run}: the DuckDB type each column becomes, and each row's value compared with
 * PostgreSQL's. Both sides compute a canonical text of the value (docs/types.md, Method): the test
 * expects DuckDB's canonical text to equal PostgreSQL's, except where {@link #DIFFERENCES} documents
 * what the copy does to that row. So a loss that disappears, or a new one, fails the test.
 */
class TypesIT {

    /*
     * One row per column of the fixture (every table's "id int primary key" is the join key):
     *
     * table | column | DuckDB type (information_schema) | verdict | PostgreSQL canonical | DuckDB canonical
     *
     * Verdicts as in docs/types.md: exact (same value, same kind of type), cast (another kind of type,
     * mostly VARCHAR holding PostgreSQL's ::text, nothing lost), lossy (some rows change: see
     * DIFFERENCES), and fallback (the native read fails; duckmirror reads PostgreSQL's ::text instead).
     * The canonical expressions use the helpers in POSTGRES_HELPERS and DUCKDB_HELPERS below. Lines
     * starting with -- are comments.
     */
    private static final String COLUMNS = """
            numbers_int      | i2     | SMALLINT       | exact | i2::text                  | CAST(i2 AS VARCHAR)
            numbers_int      | i4     | INTEGER        | exact | i4::text                  | CAST(i4 AS VARCHAR)
            numbers_int      | i8     | BIGINT         | exact | i8::text                  | CAST(i8 AS VARCHAR)
            numbers_float    | f4     | FLOAT          | exact | f4::text                  | pg_float(f4)
            numbers_float    | f8     | DOUBLE         | exact | f8::text                  | pg_float(f8)
            numbers_numeric  | n12_2  | DECIMAL(12,2)  | exact | n12_2::text               | CAST(n12_2 AS VARCHAR)
            numbers_numeric  | n38_10 | DECIMAL(38,10) | exact | n38_10::text              | CAST(n38_10 AS VARCHAR)
            numbers_numeric  | n38_0  | DECIMAL(38,0)  | exact | n38_0::text               | CAST(n38_0 AS VARCHAR)
            -- numeric read as DOUBLE: PostgreSQL's exact value against the shortest text of the double
            numbers_numeric  | n50_10 | DOUBLE         | lossy | trim_scale(n50_10)::text  | pg_float(n50_10)
            numbers_numeric  | n_free | DOUBLE         | lossy | trim_scale(n_free)::text  | pg_float(n_free)
            numbers_numeric  | m      | VARCHAR        | cast  | m::text                   | m
            -- NaN and ±Infinity found by the plan's scan: read through PostgreSQL's text, cast to DOUBLE
            numeric_special  | n_free | DOUBLE         | cast  | trim_scale(n_free)::text  | pg_float(n_free)
            -- NaN in numeric(p,s) is found only with NUMERIC_NAN_CHECK=true (see NanCheckIT)
            numeric_special  | n12_2  | DECIMAL(12,2)  | lossy | n12_2::text               | CAST(n12_2 AS VARCHAR)
            -- The extension misreads a negative scale (DECIMAL(p,254)): duckmirror reads it as DECIMAL(38,0)
            numeric_negative_scale       | n | DECIMAL(38,0) | exact | n::text            | CAST(n AS VARCHAR)
            -- DuckDB prints DECIMAL(3,5) as .00123 (formatting): compared through DECIMAL(38,5)
            numeric_scale_over_precision | n | DECIMAL(3,5) | exact | n::text             | CAST(CAST(n AS DECIMAL(38,5)) AS VARCHAR)
            -- char(n) and bpchar lose their trailing blanks, as ::text does: not significant in PostgreSQL
            strings          | c10    | VARCHAR        | cast  | c10::text                 | c10
            strings          | bp     | VARCHAR        | cast  | bp::text                  | bp
            -- "char" as its bytes in hex, so that byte 0 and the blank show
            strings          | ch     | VARCHAR        | lossy | encode(convert_to(ch::text, 'UTF8'), 'hex') | lower(hex(ch))
            strings          | vc20   | VARCHAR        | exact | vc20::text                | vc20
            strings          | vc     | VARCHAR        | exact | vc::text                  | vc
            -- the 10 MB text by its md5
            strings          | t      | VARCHAR        | exact | md5(t)                    | md5(t)
            strings          | nm     | VARCHAR        | exact | nm::text                  | nm
            binary_bool      | b      | BLOB           | exact | encode(b, 'hex')          | lower(hex(b))
            binary_bool      | flag   | BOOLEAN        | exact | flag::text                | CAST(flag AS VARCHAR)
            datetimes        | d      | DATE           | exact | pg_temp.date_text(d)      | date_text(d)
            datetimes        | t      | TIME           | exact | t::text                   | CAST(t AS VARCHAR)
            datetimes        | ttz    | TIME WITH TIME ZONE      | exact | ttz::time::text || ' ' || extract(timezone FROM ttz) | CAST(ttz::TIME AS VARCHAR) || ' ' || extract(timezone FROM ttz)
            datetimes        | ts     | TIMESTAMP                | exact | pg_temp.epoch_text(ts)                          | epoch_text(ts)
            datetimes        | tstz   | TIMESTAMP WITH TIME ZONE | exact | pg_temp.epoch_text(tstz AT TIME ZONE 'UTC')     | epoch_text(tstz)
            datetimes        | iv     | INTERVAL       | exact | pg_temp.interval_text(iv) | interval_text(iv)
            datetime_extremes | d     | DATE                     | exact | pg_temp.date_text(d)                        | date_text(d)
            datetime_extremes | ts    | TIMESTAMP                | lossy | pg_temp.epoch_text(ts)                      | epoch_text(ts)
            datetime_extremes | tstz  | TIMESTAMP WITH TIME ZONE | lossy | pg_temp.epoch_text(tstz AT TIME ZONE 'UTC') | epoch_text(tstz)
            documents        | u      | UUID           | exact | u::text                   | CAST(u AS VARCHAR)
            documents        | j      | VARCHAR        | cast  | j::text                   | j
            documents        | jb     | VARCHAR        | cast  | jb::text                  | jb
            documents        | x      | VARCHAR        | cast  | x::text                   | x
            network_bits_text_search | ip   | VARCHAR | cast | ip::text   | ip
            network_bits_text_search | net  | VARCHAR | cast | net::text  | net
            network_bits_text_search | mac  | VARCHAR | cast | mac::text  | mac
            network_bits_text_search | mac8 | VARCHAR | cast | mac8::text | mac8
            network_bits_text_search | b8   | VARCHAR | cast | b8::text   | b8
            network_bits_text_search | vb   | VARCHAR | cast | vb::text   | vb
            network_bits_text_search | tsv  | VARCHAR | cast | tsv::text  | tsv
            network_bits_text_search | tsq  | VARCHAR | cast | tsq::text  | tsq
            -- geometry: the path makes the table read through postgres_query, where each is PostgreSQL's text
            -- (GeometryIT shows the native read of the others)
            geometry         | pt     | VARCHAR        | cast  | pt::text                  | pt
            geometry         | ln     | VARCHAR        | cast  | ln::text                  | ln
            geometry         | seg    | VARCHAR        | cast  | seg::text                 | seg
            geometry         | bx     | VARCHAR        | cast  | bx::text                  | bx
            geometry         | pth    | VARCHAR        | cast  | pth::text                 | pth
            geometry         | poly   | VARCHAR        | cast  | poly::text                | poly
            geometry         | circ   | VARCHAR        | cast  | circ::text                | circ
            ranges           | r4     | VARCHAR        | cast  | r4::text                  | r4
            ranges           | r8     | VARCHAR        | cast  | r8::text                  | r8
            ranges           | rn     | VARCHAR        | cast  | rn::text                  | rn
            ranges           | rd     | VARCHAR        | cast  | rd::text                  | rd
            ranges           | rts    | VARCHAR        | cast  | rts::text                 | rts
            ranges           | rtstz  | VARCHAR        | cast  | rtstz::text               | rtstz
            ranges           | mr4    | VARCHAR        | cast  | mr4::text                 | mr4
            user_types       | md     | ENUM('sad', 'ok', 'happy') | exact | md::text        | CAST(md AS VARCHAR)
            -- the domain makes the table read through postgres_query: the composite arrives as its text
            user_types       | pos    | INTEGER        | exact | pos::text                 | CAST(pos AS VARCHAR)
            user_types       | pr     | VARCHAR        | cast  | pr::text                  | pr
            composite_with_range | sp | VARCHAR        | fallback | sp::text               | sp
            -- arrays: the plan's scan finds lower bounds other than 1 (row 4) and NaN (row 2): those columns
            -- arrive as PostgreSQL's text; the others as lists: dimensions, then the elements in storage order
            arrays           | ints   | VARCHAR        | fallback | ints::text                | ints
            arrays           | grid   | VARCHAR        | fallback | grid::text                | grid
            arrays           | moods  | VARCHAR        | fallback | moods::text               | moods
            arrays           | texts  | VARCHAR        | fallback | texts::text               | texts
            arrays           | nums   | VARCHAR        | fallback | nums::text                | nums
            arrays           | nums2  | DECIMAL(12,2)[] | exact | pg_temp.dims_elements(nums2) | dims_elements(nums2)
            arrays           | uuids  | UUID[]         | exact | pg_temp.dims_elements(uuids) | dims_elements(uuids)
            arrays           | dates  | DATE[]         | exact | pg_temp.dims_elements(dates) | replace(dims_elements(dates), ' (BC)', ' BC')
            arrays           | inets  | VARCHAR        | cast  | inets::text               | inets
            array_ragged           | ragged | VARCHAR  | fallback | ragged::text           | ragged
            array_grid_from_select | grid   | VARCHAR  | fallback | grid::text             | grid
            system_types     | o      | UINTEGER       | exact | o::text                   | CAST(o AS VARCHAR)
            system_types     | rc     | VARCHAR        | cast  | rc::text                  | rc
            system_types     | rt     | VARCHAR        | cast  | rt::text                  | rt
            system_types     | lsn    | VARCHAR        | cast  | lsn::text                 | lsn
            system_types     | xi     | VARCHAR        | cast  | xi::text                  | xi
            more_types       | x      | VARCHAR        | cast  | x::text | x
            more_types       | c      | VARCHAR        | cast  | c::text | c
            more_types       | ti     | VARCHAR        | cast  | ti::text | ti
            more_types       | acl    | VARCHAR        | cast  | acl::text | acl
            more_types       | jp     | VARCHAR        | cast  | jp::text | jp
            more_types       | rcur   | VARCHAR        | cast  | rcur::text | rcur
            more_types       | rcoll  | VARCHAR        | cast  | rcoll::text | rcoll
            more_types       | rcfg   | VARCHAR        | cast  | rcfg::text | rcfg
            more_types       | rdict  | VARCHAR        | cast  | rdict::text | rdict
            more_types       | rns    | VARCHAR        | cast  | rns::text | rns
            more_types       | rop    | VARCHAR        | cast  | rop::text | rop
            more_types       | ropr   | VARCHAR        | cast  | ropr::text | ropr
            more_types       | rp     | VARCHAR        | cast  | rp::text | rp
            more_types       | rpr    | VARCHAR        | cast  | rpr::text | rpr
            more_types       | rr     | VARCHAR        | cast  | rr::text | rr
            more_types       | snap   | VARCHAR        | cast  | snap::text | snap
            more_types       | tsnap  | VARCHAR        | cast  | tsnap::text | tsnap
            more_types       | i2v    | VARCHAR        | cast  | i2v::text | i2v
            more_types       | oidv   | VARCHAR        | cast  | oidv::text | oidv
            more_ranges      | mr8    | VARCHAR        | cast  | mr8::text | mr8
            more_ranges      | mrn    | VARCHAR        | cast  | mrn::text | mrn
            more_ranges      | mrd    | VARCHAR        | cast  | mrd::text | mrd
            more_ranges      | mrts   | VARCHAR        | cast  | mrts::text | mrts
            more_ranges      | mrtstz | VARCHAR        | cast  | mrtstz::text | mrtstz
            -- arrays of further types: array_dims and each element's text (as array_to_string prints it)
            more_arrays      | i2     | SMALLINT[] | exact | pg_temp.dims_elements(i2) | dims_elements(i2)
            more_arrays      | i8     | BIGINT[] | exact | pg_temp.dims_elements(i8) | dims_elements(i8)
            more_arrays      | f4     | FLOAT[] | exact | pg_temp.dims_elements(f4) | dims(f4) || ' ' || array_to_string(list_transform(f4, lambda v: coalesce(pg_float(v), 'NULL')), ',')
            more_arrays      | f8     | DOUBLE[] | exact | pg_temp.dims_elements(f8) | dims(f8) || ' ' || array_to_string(list_transform(f8, lambda v: coalesce(pg_float(v), 'NULL')), ',')
            more_arrays      | b      | BOOLEAN[] | exact | pg_temp.dims_elements(b) | dims(b) || ' ' || array_to_string(list_transform(b, lambda v: coalesce(CASE WHEN v THEN 't' WHEN NOT v THEN 'f' END, 'NULL')), ',')
            more_arrays      | byt    | BLOB[] | exact | pg_temp.dims_elements(byt) | dims(byt) || ' ' || array_to_string(list_transform(byt, lambda v: coalesce('\\x' || lower(hex(v)), 'NULL')), ',')
            more_arrays      | vc     | VARCHAR[] | exact | pg_temp.dims_elements(vc) | dims_elements(vc)
            more_arrays      | t      | TIME[] | exact | pg_temp.dims_elements(t) | dims_elements(t)
            more_arrays      | ts     | TIMESTAMP[] | exact | pg_temp.dims_elements(ts) | dims_elements(ts)
            more_arrays      | tstz   | TIMESTAMP WITH TIME ZONE[] | exact | pg_temp.dims_elements(tstz) | dims_elements(tstz)
            more_arrays      | o      | UINTEGER[] | exact | pg_temp.dims_elements(o) | dims_elements(o)
            more_arrays      | iv     | INTERVAL[]     | exact | CASE WHEN iv IS NOT NULL THEN coalesce(array_dims(iv), '[1:0]') || ' ' || coalesce((SELECT string_agg(coalesce(pg_temp.interval_text(e), 'NULL'), ',' ORDER BY n) FROM unnest(iv) WITH ORDINALITY u(e, n)), '') END | dims(iv) || ' ' || array_to_string(list_transform(iv, lambda v: coalesce(interval_text(v), 'NULL')), ',')
            -- read as lists of PostgreSQL's text of each element
            more_arrays      | j      | VARCHAR[]      | cast  | pg_temp.dims_elements(j::text[]) | dims_elements(j)
            more_arrays      | jb     | VARCHAR[]      | cast  | pg_temp.dims_elements(jb::text[]) | dims_elements(jb)
            more_arrays      | m      | VARCHAR[]      | cast  | pg_temp.dims_elements(m::text[]) | dims_elements(m)
            more_arrays      | r4     | VARCHAR[]      | cast  | pg_temp.dims_elements(r4::text[]) | dims_elements(r4)
            more_arrays      | x      | VARCHAR[]      | cast  | pg_temp.dims_elements(x::text[]) | dims_elements(x)
            more_arrays      | ti     | VARCHAR[]      | cast  | pg_temp.dims_elements(ti::text[]) | dims_elements(ti)
            more_arrays      | rc     | VARCHAR[]      | cast  | pg_temp.dims_elements(rc::text[]) | dims_elements(rc)
            more_arrays      | mac    | VARCHAR[]      | cast  | pg_temp.dims_elements(mac::text[]) | dims_elements(mac)
            more_arrays      | bits   | VARCHAR[]      | cast  | pg_temp.dims_elements(bits::text[]) | dims_elements(bits)
            geometric_arrays | pts    | VARCHAR        | fallback | pts::text | pts
            geometric_arrays | paths  | VARCHAR        | fallback | paths::text | paths
            geometric_arrays | boxes  | VARCHAR        | fallback | boxes::text | boxes
            geometric_arrays | lns    | VARCHAR        | fallback | lns::text | lns
            geometric_arrays | segs   | VARCHAR        | fallback | segs::text | segs
            geometric_arrays | polys  | VARCHAR        | fallback | polys::text | polys
            geometric_arrays | circs  | VARCHAR        | fallback | circs::text | circs
            -- arrays of the remaining types: lists of PostgreSQL's text of each element (timetz's a list of TIMETZ)
            text_arrays      | ch     | VARCHAR[]      | cast  | pg_temp.dims_elements(ch::text[]) | dims_elements(ch)
            text_arrays      | nm     | VARCHAR[]      | cast  | pg_temp.dims_elements(nm::text[]) | dims_elements(nm)
            text_arrays      | i2v    | VARCHAR[]      | cast  | pg_temp.dims_elements(i2v::text[]) | dims_elements(i2v)
            text_arrays      | rp     | VARCHAR[]      | cast  | pg_temp.dims_elements(rp::text[]) | dims_elements(rp)
            text_arrays      | c      | VARCHAR[]      | cast  | pg_temp.dims_elements(c::text[]) | dims_elements(c)
            text_arrays      | oidv   | VARCHAR[]      | cast  | pg_temp.dims_elements(oidv::text[]) | dims_elements(oidv)
            text_arrays      | x      | VARCHAR[]      | cast  | pg_temp.dims_elements(x::text[]) | dims_elements(x)
            text_arrays      | xi     | VARCHAR[]      | cast  | pg_temp.dims_elements(xi::text[]) | dims_elements(xi)
            text_arrays      | net    | VARCHAR[]      | cast  | pg_temp.dims_elements(net::text[]) | dims_elements(net)
            text_arrays      | mac8   | VARCHAR[]      | cast  | pg_temp.dims_elements(mac8::text[]) | dims_elements(mac8)
            text_arrays      | acl    | VARCHAR[]      | cast  | pg_temp.dims_elements(acl::text[]) | dims_elements(acl)
            text_arrays      | bp     | VARCHAR[]      | cast  | pg_temp.dims_elements(bp::text[]) | dims_elements(bp)
            text_arrays      | ttz    | TIME WITH TIME ZONE[] | exact | pg_temp.dims_elements(ttz) | dims_elements(ttz)
            text_arrays      | vb     | VARCHAR[]      | cast  | pg_temp.dims_elements(vb::text[]) | dims_elements(vb)
            text_arrays      | rcur   | VARCHAR[]      | cast  | pg_temp.dims_elements(rcur::text[]) | dims_elements(rcur)
            text_arrays      | rpr    | VARCHAR[]      | cast  | pg_temp.dims_elements(rpr::text[]) | dims_elements(rpr)
            text_arrays      | rop    | VARCHAR[]      | cast  | pg_temp.dims_elements(rop::text[]) | dims_elements(rop)
            text_arrays      | ropr   | VARCHAR[]      | cast  | pg_temp.dims_elements(ropr::text[]) | dims_elements(ropr)
            text_arrays      | rcoll  | VARCHAR[]      | cast  | pg_temp.dims_elements(rcoll::text[]) | dims_elements(rcoll)
            text_arrays      | rt     | VARCHAR[]      | cast  | pg_temp.dims_elements(rt::text[]) | dims_elements(rt)
            text_arrays      | rr     | VARCHAR[]      | cast  | pg_temp.dims_elements(rr::text[]) | dims_elements(rr)
            text_arrays      | rns    | VARCHAR[]      | cast  | pg_temp.dims_elements(rns::text[]) | dims_elements(rns)
            text_arrays      | lsn    | VARCHAR[]      | cast  | pg_temp.dims_elements(lsn::text[]) | dims_elements(lsn)
            text_arrays      | tsv    | VARCHAR[]      | cast  | pg_temp.dims_elements(tsv::text[]) | dims_elements(tsv)
            text_arrays      | tsq    | VARCHAR[]      | cast  | pg_temp.dims_elements(tsq::text[]) | dims_elements(tsq)
            text_arrays      | rcfg   | VARCHAR[]      | cast  | pg_temp.dims_elements(rcfg::text[]) | dims_elements(rcfg)
            text_arrays      | rdict  | VARCHAR[]      | cast  | pg_temp.dims_elements(rdict::text[]) | dims_elements(rdict)
            text_arrays      | jp     | VARCHAR[]      | cast  | pg_temp.dims_elements(jp::text[]) | dims_elements(jp)
            text_arrays      | tsnap  | VARCHAR[]      | cast  | pg_temp.dims_elements(tsnap::text[]) | dims_elements(tsnap)
            text_arrays      | snap   | VARCHAR[]      | cast  | pg_temp.dims_elements(snap::text[]) | dims_elements(snap)
            text_arrays      | rn     | VARCHAR[]      | cast  | pg_temp.dims_elements(rn::text[]) | dims_elements(rn)
            text_arrays      | rts    | VARCHAR[]      | cast  | pg_temp.dims_elements(rts::text[]) | dims_elements(rts)
            text_arrays      | rtstz  | VARCHAR[]      | cast  | pg_temp.dims_elements(rtstz::text[]) | dims_elements(rtstz)
            text_arrays      | rd     | VARCHAR[]      | cast  | pg_temp.dims_elements(rd::text[]) | dims_elements(rd)
            text_arrays      | r8     | VARCHAR[]      | cast  | pg_temp.dims_elements(r8::text[]) | dims_elements(r8)
            text_arrays      | mr4    | VARCHAR[]      | cast  | pg_temp.dims_elements(mr4::text[]) | dims_elements(mr4)
            text_arrays      | mrn    | VARCHAR[]      | cast  | pg_temp.dims_elements(mrn::text[]) | dims_elements(mrn)
            text_arrays      | mrts   | VARCHAR[]      | cast  | pg_temp.dims_elements(mrts::text[]) | dims_elements(mrts)
            text_arrays      | mrtstz | VARCHAR[]      | cast  | pg_temp.dims_elements(mrtstz::text[]) | dims_elements(mrtstz)
            text_arrays      | mrd    | VARCHAR[]      | cast  | pg_temp.dims_elements(mrd::text[]) | dims_elements(mrd)
            text_arrays      | mr8    | VARCHAR[]      | cast  | pg_temp.dims_elements(mr8::text[]) | dims_elements(mr8)
            """;

    /*
     * Where the DuckDB canonical text is not PostgreSQL's: what the copy does to the value, row by row.
     * table | column | id | DuckDB canonical ('' is the empty string) | what happened
     */
    private static final String DIFFERENCES = """
            numbers_numeric   | n50_10 | 1  | 1e+40                  | 9999999999999999999999999999999999999999.9999999999 as the nearest DOUBLE
            numbers_numeric   | n50_10 | 2  | -1e+40                 | the same, negative
            numbers_numeric   | n50_10 | 3  | 1.234567890123457e+39  | 1234567890123456789012345678901234567890.123456789: 16 digits kept
            numbers_numeric   | n_free | 4  | 1.234567890123457e+19  | 12345678901234567890, not even the nearest double (1.2345678901234567e+19)
            numbers_numeric   | n_free | 5  | 1.2345678901234566e+29 | 123456789012345678901234567890.1234...; the nearest double is 1.2345678901234568e+29
            numbers_numeric   | n_free | 7  | 1e-100                 | the same value, spelled as a double (formatting only)
            numbers_numeric   | n_free | 8  | 9.999999999999998e+299 | 1e300, not the nearest double (1e+300)
            numbers_numeric   | n_free | 9  | Infinity               | 1e400 is beyond DOUBLE; no error
            numbers_numeric   | n_free | 10 | 9007199254740992       | 9007199254740993 (2^53 + 1) has no double
            numeric_special   | n12_2  | 1  | 0.00                   | NaN in numeric(12,2) becomes 0.00
            strings           | ch     | 2  | 00                     | "char" '' (byte 0) becomes the one-character string U+0000
            strings           | ch     | 3  | ''                     | "char" ' ' becomes the empty string
            datetime_extremes | ts     | 3  | infinity               | 294247-01-10 04:00:54.775807, one microsecond past DuckDB's last TIMESTAMP
            datetime_extremes | ts     | 4  | -9222426057709551617   | 294276-12-31 23:59:59.999999 wraps to 290279-12-14 (BC) 15:58:10.448383
            datetime_extremes | tstz   | 3  | infinity               | as ts
            datetime_extremes | tstz   | 4  | -9222426057709551617   | as ts
            """;

    /*
     * NUMERIC_POLICY=varchar over the tables with numeric columns: every numeric value arrives as
     * PostgreSQL's ::text, compared as text (CAST(c AS VARCHAR) for the columns that stay DECIMAL).
     * table | column | DuckDB type
     */
    private static final String VARCHAR_POLICY_COLUMNS = """
            numbers_numeric              | n12_2  | DECIMAL(12,2)
            numbers_numeric              | n38_10 | DECIMAL(38,10)
            numbers_numeric              | n38_0  | DECIMAL(38,0)
            numbers_numeric              | n50_10 | VARCHAR
            numbers_numeric              | n_free | VARCHAR
            numeric_special              | n_free | VARCHAR
            numeric_special              | n12_2  | VARCHAR
            numeric_negative_scale       | n      | VARCHAR
            arrays                       | nums   | VARCHAR
            """;

    /*
     * NUMERIC_POLICY=decimal (with NUMERIC_NAN_CHECK=true) over the same tables: a value DECIMAL(38,s)
     * cannot hold fails its table, whose audit row names the policy; the others arrive exact.
     * table | column | DuckDB type, or "failed" for a table that must fail
     */
    private static final String DECIMAL_POLICY_COLUMNS = """
            numbers_numeric              | n_free | failed
            numeric_special              | n_free | failed
            numeric_negative_scale       | n      | DECIMAL(38,0)
            arrays                       | nums   | VARCHAR
            """;

    /*
     * The audit row of every table of the default run: its conversions column (NULL: none recorded).
     * table | conversions
     */
    private static final String AUDIT = """
            array_grid_from_select       | grid: integer[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep)
            array_ragged                 | ragged: integer[] is read as VARCHAR, PostgreSQL's text (its rows hold arrays of other dimensions than its type)
            arrays                       | ints: integer[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep); grid: integer[] is read as VARCHAR, PostgreSQL's text (an array of more than one dimension); moods: mood[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep); texts: text[] is read as VARCHAR, PostgreSQL's text (it holds arrays whose lower bound is not 1, which a list cannot keep); nums: numeric[] is read as VARCHAR, PostgreSQL's text (it holds NaN or ±Infinity, which its list would turn into 0); inets: read as VARCHAR instead of VARCHAR[] (the table is read through postgres_query)
            binary_bool                  | NULL
            composite_with_range         | sp: spanned is read as VARCHAR, PostgreSQL's text (the extension cannot read it)
            datetime_extremes            | NULL
            datetimes                    | NULL
            documents                    | NULL
            geometric_arrays             | pts: point[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); paths: path[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); boxes: box[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); lns: line[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); segs: lseg[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); polys: polygon[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types); circs: circle[] is read as VARCHAR, PostgreSQL's text (the extension cannot read arrays of geometric types)
            more_arrays                  | NULL
            more_ranges                  | NULL
            more_types                   | NULL
            geometry                     | pt: read as VARCHAR instead of STRUCT(x DOUBLE, y DOUBLE) (the table is read through postgres_query); ln: read as VARCHAR instead of DOUBLE[] (the table is read through postgres_query); seg: read as VARCHAR instead of DOUBLE[] (the table is read through postgres_query); bx: read as VARCHAR instead of DOUBLE[] (the table is read through postgres_query); pth: path is read as VARCHAR, PostgreSQL's text (a DOUBLE[] would lose whether the path is open or closed); poly: read as VARCHAR instead of DOUBLE[] (the table is read through postgres_query); circ: read as VARCHAR instead of DOUBLE[] (the table is read through postgres_query)
            network_bits_text_search     | NULL
            numbers_float                | NULL
            numbers_int                  | NULL
            numbers_numeric              | n50_10: numeric(50,10) is read as DOUBLE (lossy: beyond DECIMAL(38)); n_free: numeric is read as DOUBLE (lossy: no precision given)
            numeric_negative_scale       | n: numeric(5,-2) is read as DECIMAL(38,0) (exact; a value it cannot hold fails the table)
            numeric_scale_over_precision | NULL
            numeric_special              | n_free: numeric is read as DOUBLE (lossy: no precision given)
            ranges                       | NULL
            strings                      | NULL
            system_types                 | NULL
            text_arrays                  | NULL
            user_types                   | pos: posint is read as INTEGER, as its base type integer (the domain's constraints are not enforced in the mirror); pr: read as VARCHAR instead of STRUCT(n INTEGER, "label" VARCHAR, flag BOOLEAN) (the table is read through postgres_query)
            """;

    /* The audit rows of the NUMERIC_POLICY=varchar run. table | conversions */
    private static final String VARCHAR_POLICY_AUDIT = """
            numbers_numeric              | n50_10: numeric(50,10) is read as VARCHAR, PostgreSQL's text (NUMERIC_POLICY=varchar); n_free: numeric is read as VARCHAR, PostgreSQL's text (NUMERIC_POLICY=varchar)
            numeric_special              | n_free: numeric is read as VARCHAR, PostgreSQL's text (NUMERIC_POLICY=varchar); n12_2: numeric(12,2) is read as VARCHAR, PostgreSQL's text (it holds NaN, which DECIMAL would turn into 0)
            numeric_negative_scale       | n: numeric(5,-2) is read as VARCHAR, PostgreSQL's text (NUMERIC_POLICY=varchar)
            """;

    /** Run once per session on the PostgreSQL side, before the canonical queries. */
    private static final List<String> POSTGRES_HELPERS = List.of(
            // A tstzrange's ::text is spelled in the session's zone: UTC, as duckmirror's sessions get it
            // from the database (see mirrorTheSurvey).
            "SET TimeZone = 'UTC'",
            // Days since 1970-01-01, or infinity / -infinity.
            """
                    CREATE FUNCTION pg_temp.date_text(d date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                      SELECT CASE WHEN isfinite(d) THEN (d - DATE '1970-01-01')::text ELSE d::text END $$""",
            // Microseconds since 1970-01-01 (UTC), or infinity / -infinity. From the day and the time of
            // day, because extract(epoch) rounds near 294276 AD (docs/types.md).
            """
                    CREATE FUNCTION pg_temp.epoch_text(t timestamp) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                      SELECT CASE WHEN isfinite(t)
                        THEN ((t::date - DATE '1970-01-01')::numeric * 86400000000 + extract(epoch FROM t::time) * 1000000)::numeric(20)::text
                        ELSE t::text END $$""",
            // Months, days and microseconds: the three integers an interval is.
            """
                    CREATE FUNCTION pg_temp.interval_text(i interval) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                      SELECT (extract(year FROM i) * 12 + extract(month FROM i)) || ' ' || extract(day FROM i) || ' '
                        || (extract(hour FROM i) * 3600000000 + extract(minute FROM i) * 60000000 + extract(microseconds FROM i)) $$""",
            // array_dims (an empty array's as [1:0]), then the elements' text in storage order.
            """
                    CREATE FUNCTION pg_temp.dims_elements(a anyarray) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                      SELECT coalesce(array_dims(a), '[1:0]') || ' ' || array_to_string(a, ',', 'NULL') $$""");

    /** The same canonical forms computed from the mirrored values, as DuckDB macros. */
    private static final List<String> DUCKDB_HELPERS = List.of(
            // A FLOAT or DOUBLE spelled as PostgreSQL spells a float: both print the shortest text that
            // reads back to the same bits, so equal text is an equal value (NaN, -0 and subnormals included).
            """
                    CREATE TEMP MACRO pg_float(v) AS CASE WHEN isnan(v) THEN 'NaN' WHEN isinf(v) THEN if(v > 0, 'Infinity', '-Infinity')
                      ELSE regexp_replace(CAST(v AS VARCHAR), '[.]0$', '') END""",
            "CREATE TEMP MACRO date_text(d) AS CASE WHEN isfinite(d) THEN CAST(d - DATE '1970-01-01' AS VARCHAR) ELSE CAST(d AS VARCHAR) END",
            "CREATE TEMP MACRO epoch_text(t) AS CASE WHEN isfinite(t) THEN CAST(epoch_us(t) AS VARCHAR) ELSE CAST(t AS VARCHAR) END",
            """
                    CREATE TEMP MACRO interval_text(i) AS (datepart('year', i) * 12 + datepart('month', i)) || ' ' || datepart('day', i) || ' '
                      || (datepart('hour', i) * 3600000000 + datepart('minute', i) * 60000000 + datepart('microsecond', i))""",
            // A list's elements as text, NULL as NULL, like array_to_string(a, ',', 'NULL'); a list's lower bound is always 1.
            "CREATE TEMP MACRO elements_text(l) AS array_to_string(list_transform(l, lambda v: coalesce(CAST(v AS VARCHAR), 'NULL')), ',')",
            "CREATE TEMP MACRO dims(l) AS format('[1:{}]', len(l))",
            "CREATE TEMP MACRO dims_elements(l) AS dims(l) || ' ' || elements_text(l)");

    private static final List<String> NUMERIC_TABLES = List.of("numbers_numeric", "numeric_special",
            "numeric_negative_scale", "arrays");

    @TempDir
    static Path dir;

    private static Fixture source;
    private static Duckmirror.Result run;
    private static Duckmirror.Result varcharRun;
    private static Duckmirror.Result decimalRun;
    private static Connection postgres;
    private static Connection mirror;
    private static Connection varcharMirror;
    private static Connection decimalMirror;

    @BeforeAll
    static void mirrorTheSurvey() throws Exception {
        source = Fixture.create("types_it", "types.sql");
        // A tstzrange's ::text depends on the session's zone: pin the one duckmirror's sessions get.
        source.execute("ALTER DATABASE types_it SET TimeZone = 'UTC'");
        Path target = dir.resolve("types.duckdb");
        Path varcharTarget = dir.resolve("types-varchar.duckdb");
        run = source.app(target).run("run");
        Path decimalTarget = dir.resolve("types-decimal.duckdb");
        String numericTables = NUMERIC_TABLES.stream().map(t -> "public." + t).collect(Collectors.joining(","));
        varcharRun = source.app(varcharTarget).env("NUMERIC_POLICY", "varchar").env("NUMERIC_NAN_CHECK", "true")
                .env("INCLUDED_TABLES", numericTables).run("run");
        decimalRun = source.app(decimalTarget).env("NUMERIC_POLICY", "decimal").env("NUMERIC_NAN_CHECK", "true")
                .env("INCLUDED_TABLES", numericTables).run("run");

        postgres = source.admin();
        for (String helper : POSTGRES_HELPERS) {
            Rows.execute(postgres, helper);
        }
        mirror = openMirror(target);
        varcharMirror = openMirror(varcharTarget);
        decimalMirror = openMirror(decimalTarget);
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection connection : Arrays.asList(postgres, mirror, varcharMirror, decimalMirror)) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Test
    void defaultRunMirrorsEveryTable() {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).contains("Summary: 25 succeeded, 0 failed");
    }

    @Test
    void everyColumnOfTheFixtureIsCoveredOnce() throws SQLException {
        List<String> described = table(COLUMNS, 6).stream().map(row -> row[0] + "." + row[1]).toList();
        List<String> inSource = Rows.query(postgres, """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name <> 'id' ORDER BY 1""").stream().map(List::getFirst).toList();
        assertThat(described).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inSource);
        assertThat(table(AUDIT, 2).stream().map(row -> row[0]).toList()).containsExactlyInAnyOrderElementsOf(Rows.query(
                postgres, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").stream()
                .map(List::getFirst).toList());
        assertThat(Rows.query(mirror, """
                SELECT DISTINCT data_type FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'id'""")).containsExactly(List.of("INTEGER"));
    }

    /** PostgreSQL 15's base types whose input refuses every value, so no row can hold one. */
    private static final List<String> UNSTORABLE = List.of("gtsvector", "pg_brin_bloom_summary",
            "pg_brin_minmax_multi_summary", "pg_dependencies", "pg_mcv_list", "pg_ndistinct", "pg_node_tree");

    /** The base types (built-in, as PostgreSQL lists them in pg_type) a column can hold, arrays apart. */
    private static final String BASE_TYPES = """
            SELECT typname FROM pg_type WHERE typnamespace = 'pg_catalog'::regnamespace AND typtype IN ('b', 'r', 'm')
              AND typisdefined AND NOT (typcategory = 'A' AND typname LIKE '\\_%') ORDER BY 1""";

    /** The element type of each fixture column (the column's own type when it is not an array). */
    private static final String FIXTURE_TYPES = """
            SELECT DISTINCT coalesce(e.typname, t.typname), e.oid IS NOT NULL FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' AND t.typname LIKE '\\_%'
            WHERE a.attnum > 0 AND NOT a.attisdropped""";

    @Test
    void everyBaseTypeOfPostgresIsInTheFixture() throws SQLException {
        List<String> baseTypes = Rows.query(postgres, BASE_TYPES).stream().map(List::getFirst).toList();
        List<List<String>> fixtureTypes = Rows.query(postgres, FIXTURE_TYPES);
        List<String> asColumns = fixtureTypes.stream().filter(r -> r.get(1).equals("f")).map(List::getFirst).toList();
        assertThat(baseTypes).as("base types no fixture column has").filteredOn(t -> !UNSTORABLE.contains(t))
                .allMatch(asColumns::contains, "is the type of a column of fixtures/types.sql");
        List<String> asArrays = fixtureTypes.stream().filter(r -> r.get(1).equals("t")).map(List::getFirst).toList();
        assertThat(baseTypes).as("base types no fixture column holds arrays of").filteredOn(t -> !UNSTORABLE.contains(t))
                .allMatch(asArrays::contains, "is the element type of an array column of fixtures/types.sql");
    }

    @ParameterizedTest(name = "{0}.{1} is {2}, {3}")
    @MethodSource("columns")
    void columnArrivesWithItsTypeAndValues(String table, String column, String duckdbType, String verdict,
            String postgresCanonical, String duckdbCanonical) throws SQLException {
        Map<String, String> differences = differences(DIFFERENCES, table, column);
        assertThat(verdict).isIn("exact", "cast", "lossy", "fallback");
        if (!verdict.equals("lossy")) {
            assertThat(differences).as("%s.%s is %s: no row may differ", table, column, verdict).isEmpty();
        }

        assertThat(duckdbType(mirror, table, column)).as("%s.%s type", table, column).isEqualTo(duckdbType);
        List<List<String>> expected = expected(postgresCanonical(table, postgresCanonical), differences, table, column);
        assertThat(duckdbCanonical(mirror, table, duckdbCanonical)).as("%s.%s values by id", table, column)
                .isEqualTo(expected);
    }

    /**
     * docs/types.md's table of every fixture column, generated from this test's tables and the default
     * run's audit: it must match the file. DUCKMIRROR_WRITE_TYPES_DOC=true rewrites the file instead.
     */
    @Test
    void docsTableIsInStepWithTheFixture() throws Exception {
        StringBuilder table = new StringBuilder(
                "| column | PostgreSQL type | DuckDB type | verdict | what the copy changes |\n| --- | --- | --- | --- | --- |\n");
        Map<String, String> audit = new HashMap<>();
        for (String[] row : table(AUDIT, 2)) {
            audit.put(row[0], row[1] == null ? "" : row[1]);
        }
        for (String[] row : table(COLUMNS, 6)) {
            String postgresType = Rows.query(postgres, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public." + row[0] + "'::regclass AND attname = '" + row[1] + "'").getFirst()
                    .getFirst();
            List<String> changes = new ArrayList<>();
            for (String note : audit.get(row[0]).split("; ")) {
                if (note.startsWith(row[1] + ": ")) {
                    changes.add(note.substring(row[1].length() + 2));
                }
            }
            for (String[] difference : table(DIFFERENCES, 5)) {
                if (difference[0].equals(row[0]) && difference[1].equals(row[1])) {
                    changes.add("row " + difference[2] + ": " + difference[4]);
                }
            }
            table.append("| ").append(row[0]).append('.').append(row[1]).append(" | ").append(postgresType).append(" | ")
                    .append(row[2]).append(" | ").append(row[3]).append(" | ")
                    .append(String.join("; ", changes).replace("|", "\\|")).append(" |\n");
        }
        Path doc = Path.of("docs/types.md");
        String text = Files.readString(doc);
        String begin = "<!-- generated by TypesIT.docsTableIsInStepWithTheFixture: begin -->\n";
        String end = "<!-- generated: end -->";
        int from = text.indexOf(begin) + begin.length();
        int to = text.indexOf(end);
        assertThat(from).as("docs/types.md has the markers").isGreaterThanOrEqualTo(begin.length());
        if ("true".equals(System.getenv("DUCKMIRROR_WRITE_TYPES_DOC"))) {
            Files.writeString(doc, text.substring(0, from) + table + text.substring(to));
        } else {
            assertThat(text.substring(from, to))
                    .as("docs/types.md's generated table (DUCKMIRROR_WRITE_TYPES_DOC=true rewrites it)")
                    .isEqualTo(table.toString());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("audit")
    void auditRowRecordsTheConversions(String table, String conversions) throws SQLException {
        assertAuditRow(mirror, table, conversions);
    }

    @Test
    void varcharPolicyRunSucceeds() {
        assertThat(varcharRun.exitCode()).as(varcharRun.toString()).isZero();
    }

    @ParameterizedTest(name = "{0}.{1} is {2}")
    @MethodSource("varcharPolicyColumns")
    void varcharPolicyKeepsEveryNumericAsPostgresText(String table, String column, String duckdbType) throws SQLException {
        assertThat(duckdbType(varcharMirror, table, column)).as("%s.%s type", table, column).isEqualTo(duckdbType);
        assertThat(duckdbCanonical(varcharMirror, table, "CAST(" + column + " AS VARCHAR)"))
                .as("%s.%s values by id", table, column).isEqualTo(postgresCanonical(table, column + "::text"));
    }

    @ParameterizedTest(name = "{0}.{1} is {2}")
    @MethodSource("decimalPolicyColumns")
    void decimalPolicyIsExactOrFailsTheTable(String table, String column, String duckdbType) throws SQLException {
        List<List<String>> audit = Rows.query(decimalMirror, "SELECT status, error FROM main.flight_tracker"
                + " WHERE source_schema = 'public' AND source_table = '" + table + "'");
        if (duckdbType.equals("failed")) {
            assertThat(audit).singleElement().satisfies(row -> {
                assertThat(row.get(0)).isEqualTo("failed");
                assertThat(row.get(1)).contains("cannot hold exactly (NUMERIC_POLICY=decimal; varchar keeps every value)");
            });
            assertThat(duckdbType(decimalMirror, table, column)).as("no %s in the mirror", table).isNull();
            return;
        }
        assertThat(audit).singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo("succeeded"));
        assertThat(duckdbType(decimalMirror, table, column)).as("%s.%s type", table, column).isEqualTo(duckdbType);
        assertThat(duckdbCanonical(decimalMirror, table, "CAST(" + column + " AS VARCHAR)"))
                .as("%s.%s values by id", table, column).isEqualTo(postgresCanonical(table, column + "::text"));
    }

    @Test
    void decimalPolicyRunFailsOnlyTheTablesItCannotHold() {
        assertThat(decimalRun.exitCode()).as(decimalRun.toString()).isEqualTo(1);
        assertThat(decimalRun.stderr()).contains("Summary: 2 succeeded, 2 failed");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("varcharPolicyAudit")
    void varcharPolicyAuditRowRecordsTheConversions(String table, String conversions) throws SQLException {
        assertAuditRow(varcharMirror, table, conversions);
    }

    static Stream<Arguments> columns() {
        return arguments(COLUMNS, 6);
    }

    static Stream<Arguments> audit() {
        return arguments(AUDIT, 2);
    }

    static Stream<Arguments> varcharPolicyColumns() {
        return arguments(VARCHAR_POLICY_COLUMNS, 3);
    }

    static Stream<Arguments> decimalPolicyColumns() {
        return arguments(DECIMAL_POLICY_COLUMNS, 3);
    }

    static Stream<Arguments> varcharPolicyAudit() {
        return arguments(VARCHAR_POLICY_AUDIT, 2);
    }

    /** The table's audit row of the run: succeeded at the first attempt, every row, with these conversions. */
    private static void assertAuditRow(Connection target, String table, String conversions) throws SQLException {
        String rows = Rows.query(postgres, "SELECT count(*) FROM public." + table).getFirst().getFirst();
        assertThat(Rows.query(target, "SELECT status, attempts, rows_loaded, conversions FROM main.flight_tracker"
                + " WHERE source_schema = 'public' AND source_table = '" + table + "'"))
                .as("audit row of %s: status, attempts, rows_loaded, conversions", table)
                .containsExactly(Arrays.asList("succeeded", "1", rows, conversions));
    }

    /** PostgreSQL's canonical text of the column, one [id, text] per row, by id. */
    private static List<List<String>> postgresCanonical(String table, String canonical) throws SQLException {
        return Rows.query(postgres, "SELECT id, (" + canonical + ")::text FROM public." + table + " ORDER BY id");
    }

    /** DuckDB's canonical text of the mirrored column, one [id, text] per row, by id. */
    private static List<List<String>> duckdbCanonical(Connection target, String table, String canonical) throws SQLException {
        return Rows.query(target, "SELECT id, CAST((" + canonical + ") AS VARCHAR) FROM public." + table + " ORDER BY id");
    }

    private static String duckdbType(Connection target, String table, String column) throws SQLException {
        List<List<String>> type = Rows.query(target, "SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = '" + table + "' AND column_name = '" + column + "'");
        return type.isEmpty() ? null : type.getFirst().getFirst();
    }

    /** PostgreSQL's rows with the documented differences applied: what DuckDB must hold. */
    private static List<List<String>> expected(List<List<String>> postgresRows, Map<String, String> differences,
            String table, String column) {
        Map<String, String> unused = new HashMap<>(differences);
        List<List<String>> expected = new ArrayList<>();
        for (List<String> row : postgresRows) {
            String id = row.get(0);
            if (unused.containsKey(id)) {
                String changed = unused.remove(id);
                assertThat(changed).as("%s.%s id %s: the documented difference is PostgreSQL's own value", table, column, id)
                        .isNotEqualTo(row.get(1));
                expected.add(Arrays.asList(id, changed));
            } else {
                expected.add(row);
            }
        }
        assertThat(unused.keySet()).as("%s.%s: differences documented for ids the table does not have", table, column)
                .isEmpty();
        return expected;
    }

    /** The documented DuckDB canonical text of the column's rows that differ, by id. */
    private static Map<String, String> differences(String differences, String table, String column) {
        Map<String, String> byId = new HashMap<>();
        for (String[] row : table(differences, 5)) {
            if (row[0].equals(table) && row[1].equals(column)) {
                byId.put(row[2], row[3]);
            }
        }
        return byId;
    }

    private static Stream<Arguments> arguments(String table, int fields) {
        return table(table, fields).stream().map(row -> Arguments.of((Object[]) row));
    }

    /**
     * The rows of a table written in a text block: fields separated by " | " (so SQL's || is not a
     * separator), trimmed; '' is the empty string and NULL is null. Lines starting with -- are comments.
     */
    private static List<String[]> table(String text, int fields) {
        return text.lines().filter(line -> !line.isBlank() && !line.strip().startsWith("--")).map(line -> {
            String[] row = Arrays.stream(line.split(" \\| ", -1)).map(String::strip)
                    .map(field -> field.equals("''") ? "" : field.equals("NULL") ? null : field).toArray(String[]::new);
            if (row.length != fields) {
                throw new IllegalArgumentException("not " + fields + " fields: " + line);
            }
            return row;
        }).toList();
    }

    /** A read-only connection to a target file duckdb wrote, with the canonical-form macros. */
    private static Connection openMirror(Path file) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
        for (String helper : DUCKDB_HELPERS) {
            Rows.execute(connection, helper);
        }
        return connection;
    }
}
