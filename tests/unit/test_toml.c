/*
 * test_toml.c - unit tests for supervisor/toml.c: every value type, the
 * positions and order the tree keeps, a corpus of malformed documents with
 * the exact place each error must be reported, and robustness (nesting
 * limits, huge strings and tables, every truncation and many corruptions of
 * a valid document). The toml-test suite (tools/toml-test.sh) covers the
 * spec case by case; these pin down what toml-test cannot see.
 */
#include "check.h"
#include "toml.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

static struct toml_error err;

static struct toml_value *parse(const char *src)
{
	return toml_parse(src, strlen(src), &err);
}

/* Checks that a document parsed; if not, says where it failed. */
static bool parsed(const struct toml_value *r)
{
	CHECK(r != NULL);
	if (!r)
		fprintf(stderr, "    %d:%d: %s\n", err.pos.line, err.pos.col,
			err.msg);
	return r != NULL;
}

static const struct toml_value *get(const struct toml_value *t,
				    const char *path)
{
	char part[128];
	const char *dot;

	/* "a.b.c" walks tables; no test key contains a dot. */
	while (t && (dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);

		memcpy(part, path, n);
		part[n] = '\0';
		t = toml_get(t, part);
		path = dot + 1;
	}
	return toml_get(t, path);
}

static void show_failure(const char *src, int line)
{
	fprintf(stderr, "    (document at line %d: \"", line);
	for (; *src; src++) {
		if (*src == '\n')
			fputs("\\n", stderr);
		else if ((unsigned char)*src < 0x20)
			fprintf(stderr, "\\x%02x", (unsigned char)*src);
		else
			fputc(*src, stderr);
	}
	fprintf(stderr, "\"; got %d:%d: %s)\n", err.pos.line, err.pos.col,
		err.msg);
}

/* A document that must be rejected exactly at line:col, naming what. */
#define BAD(src, line, col, what) \
	bad_doc((src), sizeof(src) - 1, (line), (col), (what), __LINE__)

static void bad_doc(const char *src, size_t len, int line, int col,
		    const char *what, int at)
{
	struct toml_value *v = toml_parse(src, len, &err);
	int failed_before = check_failed;

	check_one(v == NULL, "document rejected", __FILE__, at);
	toml_free(v);
	check_int(err.pos.line, line, "error line", __FILE__, at);
	check_int(err.pos.col, col, "error column", __FILE__, at);
	check_one(strstr(err.msg, what) != NULL, what, __FILE__, at);
	if (check_failed != failed_before)
		show_failure(src, at);
}

static void test_strings(void)
{
	struct toml_value *r = parse(
		"basic = \"tab\\tq\\\"\\\\ \\u00e9 \\U0001F600 \\b\\f\\r\\n\"\n"
		"nul = \"a\\u0000b\"\n"
		"lit = 'C:\\path\\n \"x\"'\n"
		"empty = \"\"\n"
		"utf8 = \"ü€𝄞\"\n"
		"ml = \"\"\"\nline1\nline2\"\"\"\n"
		"crlf = \"\"\"\r\nA\r\nB\"\"\"\n"
		"fold = \"\"\"\nThe quick \\\n   \n   brown \\   \n  fox\"\"\"\n"
		"quotes = \"\"\"a\"\"b\"\"\"\"\"\n"
		"mllit = '''\n\\no 'escapes' ''\n'''\n"
		"litq = ''''x'''''\n"
		"tab = \"a\tb\"\n");
	const struct toml_value *v;

	if (!parsed(r))
		return;
	v = get(r, "basic");
	CHECK_INT(v->type, TOML_STRING);
	CHECK_STR(v->u.str.ptr, "tab\tq\"\\ \xc3\xa9 \xf0\x9f\x98\x80 \b\f\r\n");
	CHECK_INT(v->u.str.len, strlen(v->u.str.ptr));
	v = get(r, "nul");
	CHECK_INT(v->u.str.len, 3);
	CHECK(memcmp(v->u.str.ptr, "a\0b", 4) == 0);
	CHECK_STR(get(r, "lit")->u.str.ptr, "C:\\path\\n \"x\"");
	CHECK_STR(get(r, "empty")->u.str.ptr, "");
	CHECK_INT(get(r, "empty")->u.str.len, 0);
	CHECK_STR(get(r, "utf8")->u.str.ptr, "ü€𝄞");
	CHECK_STR(get(r, "ml")->u.str.ptr, "line1\nline2");
	CHECK_STR(get(r, "crlf")->u.str.ptr, "A\nB");
	CHECK_STR(get(r, "fold")->u.str.ptr, "The quick brown fox");
	CHECK_STR(get(r, "quotes")->u.str.ptr, "a\"\"b\"\"");
	CHECK_STR(get(r, "mllit")->u.str.ptr, "\\no 'escapes' ''\n");
	CHECK_STR(get(r, "litq")->u.str.ptr, "'x''");
	CHECK_STR(get(r, "tab")->u.str.ptr, "a\tb");
	toml_free(r);
}

static void test_integers(void)
{
	struct toml_value *r = parse(
		"a = 0\nb = +99\nc = -17\nd = 1_000_000\ne = 0xDEAD_beef\n"
		"f = 0o755\ng = 0b1101_0110\nh = 9223372036854775807\n"
		"i = -9223372036854775808\nj = -0\nk = 0x7fffffffffffffff\n"
		"l = 0x0\n");

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT(get(r, "a")->type, TOML_INTEGER);
	CHECK_INT(get(r, "a")->u.integer, 0);
	CHECK_INT(get(r, "b")->u.integer, 99);
	CHECK_INT(get(r, "c")->u.integer, -17);
	CHECK_INT(get(r, "d")->u.integer, 1000000);
	CHECK_INT(get(r, "e")->u.integer, 0xdeadbeef);
	CHECK_INT(get(r, "f")->u.integer, 0755);
	CHECK_INT(get(r, "g")->u.integer, 0xd6);
	CHECK(get(r, "h")->u.integer == INT64_MAX);
	CHECK(get(r, "i")->u.integer == INT64_MIN);
	CHECK_INT(get(r, "j")->u.integer, 0);
	CHECK(get(r, "k")->u.integer == INT64_MAX);
	CHECK_INT(get(r, "l")->u.integer, 0);
	toml_free(r);
}

static void test_floats(void)
{
	struct toml_value *r = parse(
		"a = 3.14\nb = -0.01\nc = 5e+22\nd = 1e06\ne = -2E-2\n"
		"f = 6.626e-34\ng = 224_617.445_991\nh = inf\ni = +inf\n"
		"j = -inf\nk = nan\nl = +nan\nm = -nan\nn = -0.0\no = 0e0\n"
		"p = 1.7976931348623157e308\nq = 5e-324\nr = 0.1\n");
	const struct toml_value *v;

	CHECK(r != NULL);
	if (!r)
		return;
	v = get(r, "a");
	CHECK_INT(v->type, TOML_FLOAT);
	CHECK(v->u.fp == 3.14);
	CHECK(get(r, "b")->u.fp == -0.01);
	CHECK(get(r, "c")->u.fp == 5e22);
	CHECK(get(r, "d")->u.fp == 1e6);
	CHECK(get(r, "e")->u.fp == -2e-2);
	CHECK(get(r, "f")->u.fp == 6.626e-34);
	CHECK(get(r, "g")->u.fp == 224617.445991);
	CHECK(isinf(get(r, "h")->u.fp) && get(r, "h")->u.fp > 0);
	CHECK(isinf(get(r, "i")->u.fp) && get(r, "i")->u.fp > 0);
	CHECK(isinf(get(r, "j")->u.fp) && get(r, "j")->u.fp < 0);
	CHECK(isnan(get(r, "k")->u.fp));
	CHECK(isnan(get(r, "l")->u.fp));
	CHECK(isnan(get(r, "m")->u.fp) && signbit(get(r, "m")->u.fp));
	CHECK(get(r, "n")->u.fp == 0 && signbit(get(r, "n")->u.fp));
	CHECK(get(r, "o")->u.fp == 0);
	CHECK(get(r, "p")->u.fp == 1.7976931348623157e308);
	CHECK(get(r, "q")->u.fp == 5e-324);
	CHECK(get(r, "r")->u.fp == 0.1);
	toml_free(r);
}

/* A comma locale must not change how "1.5" reads. */
static void test_float_locale(void)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8",
	};
	struct toml_value *r;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (setlocale(LC_NUMERIC, names[i]))
			break;
	}
	if (i == sizeof(names) / sizeof(names[0]))
		return;		/* no such locale here */
	r = parse("x = 1.5\n");
	CHECK(r && get(r, "x")->u.fp == 1.5);
	toml_free(r);
	setlocale(LC_NUMERIC, "C");
}

static void test_bools(void)
{
	struct toml_value *r = parse("t = true\nf = false # c\n");

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT(get(r, "t")->type, TOML_BOOL);
	CHECK(get(r, "t")->u.boolean);
	CHECK(!get(r, "f")->u.boolean);
	toml_free(r);
}

static void check_dt(const struct toml_value *v, enum toml_type type,
		     int y, int mo, int d, int h, int mi, int s, int ns,
		     int off, int line)
{
	check_one(v != NULL, "date-time present", __FILE__, line);
	if (!v)
		return;
	check_int(v->type, type, "type", __FILE__, line);
	check_int(v->u.dt.year, y, "year", __FILE__, line);
	check_int(v->u.dt.month, mo, "month", __FILE__, line);
	check_int(v->u.dt.day, d, "day", __FILE__, line);
	check_int(v->u.dt.hour, h, "hour", __FILE__, line);
	check_int(v->u.dt.minute, mi, "minute", __FILE__, line);
	check_int(v->u.dt.second, s, "second", __FILE__, line);
	check_int(v->u.dt.nanosecond, ns, "nanosecond", __FILE__, line);
	check_int(v->u.dt.offset_minutes, off, "offset", __FILE__, line);
}

#define DT(v, ...) check_dt((v), __VA_ARGS__, __LINE__)

static void test_datetimes(void)
{
	struct toml_value *r = parse(
		"a = 1979-05-27T07:32:00Z\n"
		"b = 1979-05-27T00:32:00.999999-07:00\n"
		"c = 1979-05-27 07:32:00.123456789123+05:30\n"
		"d = 1979-05-27t07:32:00z\n"
		"e = 1979-05-27T07:32:00\n"
		"f = 1979-05-27\n"
		"g = 07:32:00\n"
		"h = 00:32:00.5\n"
		"i = 2000-02-29\n"
		"j = 2024-02-29T23:59:60Z\n"
		"k = 1979-05-27 # a date, then a comment\n"
		"l = [1979-05-27 07:32:00, 1979-05-27]\n"
		"m = 0001-01-01T00:00:00.000000001-00:01\n");

	if (!parsed(r))
		return;
	DT(get(r, "a"), TOML_DATETIME, 1979, 5, 27, 7, 32, 0, 0, 0);
	DT(get(r, "b"), TOML_DATETIME, 1979, 5, 27, 0, 32, 0, 999999000,
	   -420);
	DT(get(r, "c"), TOML_DATETIME, 1979, 5, 27, 7, 32, 0, 123456789, 330);
	DT(get(r, "d"), TOML_DATETIME, 1979, 5, 27, 7, 32, 0, 0, 0);
	DT(get(r, "e"), TOML_DATETIME_LOCAL, 1979, 5, 27, 7, 32, 0, 0, 0);
	DT(get(r, "f"), TOML_DATE_LOCAL, 1979, 5, 27, 0, 0, 0, 0, 0);
	DT(get(r, "g"), TOML_TIME_LOCAL, 0, 0, 0, 7, 32, 0, 0, 0);
	DT(get(r, "h"), TOML_TIME_LOCAL, 0, 0, 0, 0, 32, 0, 500000000, 0);
	DT(get(r, "i"), TOML_DATE_LOCAL, 2000, 2, 29, 0, 0, 0, 0, 0);
	DT(get(r, "j"), TOML_DATETIME, 2024, 2, 29, 23, 59, 60, 0, 0);
	DT(get(r, "k"), TOML_DATE_LOCAL, 1979, 5, 27, 0, 0, 0, 0, 0);
	CHECK_INT(get(r, "l")->u.array.len, 2);
	DT(get(r, "l")->u.array.items[0], TOML_DATETIME_LOCAL, 1979, 5, 27,
	   7, 32, 0, 0, 0);
	DT(get(r, "l")->u.array.items[1], TOML_DATE_LOCAL, 1979, 5, 27, 0, 0,
	   0, 0, 0);
	DT(get(r, "m"), TOML_DATETIME, 1, 1, 1, 0, 0, 0, 1, -1);
	toml_free(r);
}

static void test_arrays(void)
{
	struct toml_value *r = parse(
		"mixed = [ 1, \"two\", [3.0, []], {x = 4}, true, ]\n"
		"multi = [\n  1, # one\n\n  2 # two\n  ,\n# three\n  3\n]\n"
		"empty = [ ]\n"
		"crlf = [\r\n 1,\r\n 2\r\n]\r\n");
	const struct toml_value *v, *inner;

	CHECK(r != NULL);
	if (!r)
		return;
	v = get(r, "mixed");
	CHECK_INT(v->type, TOML_ARRAY);
	CHECK_INT(v->u.array.len, 5);
	CHECK_INT(v->u.array.items[0]->u.integer, 1);
	CHECK_STR(v->u.array.items[1]->u.str.ptr, "two");
	inner = v->u.array.items[2];
	CHECK_INT(inner->type, TOML_ARRAY);
	CHECK_INT(inner->u.array.len, 2);
	CHECK(inner->u.array.items[0]->u.fp == 3.0);
	CHECK_INT(inner->u.array.items[1]->u.array.len, 0);
	CHECK_INT(toml_get(v->u.array.items[3], "x")->u.integer, 4);
	CHECK(v->u.array.items[4]->u.boolean);
	v = get(r, "multi");
	CHECK_INT(v->u.array.len, 3);
	CHECK_INT(v->u.array.items[2]->u.integer, 3);
	CHECK_INT(get(r, "empty")->u.array.len, 0);
	CHECK_INT(get(r, "crlf")->u.array.len, 2);
	toml_free(r);
}

static void test_tables(void)
{
	struct toml_value *r = parse(
		"top.key = 1\n"
		"point = { x = 1, y = 2, sub.z = 3 }\n"
		"empty = {}\n"
		"[a.b.c]\nd = 1\n"
		"[a]\ne = 2\n"
		"[fruit]\napple.color = \"red\"\n"
		"[fruit.apple.texture]\nsmooth = true\n"
		"[[products]]\nname = \"Hammer\"\n"
		"[products.dims]\nw = 1\n"
		"[[products]]\n"
		"[[products]]\nname = \"Nail\"\n"
		"[[products.variety]]\nv = 1\n"
		"[[products.variety]]\nv = 2\n"
		"[\"quoted key\" . 'lit' . bare]\nq = 1\n"
		"[ spaced . out ]\n"
		"['']\nempty_name = 1\n");
	const struct toml_value *v;

	if (!parsed(r))
		return;
	CHECK_INT(get(r, "top.key")->u.integer, 1);
	CHECK_INT(get(r, "point.x")->u.integer, 1);
	CHECK_INT(get(r, "point.sub.z")->u.integer, 3);
	CHECK_INT(get(r, "empty")->type, TOML_TABLE);
	CHECK_INT(get(r, "empty")->u.table.len, 0);
	CHECK_INT(get(r, "a.b.c.d")->u.integer, 1);
	CHECK_INT(get(r, "a.e")->u.integer, 2);
	CHECK_STR(get(r, "fruit.apple.color")->u.str.ptr, "red");
	CHECK(get(r, "fruit.apple.texture.smooth")->u.boolean);
	v = get(r, "products");
	CHECK_INT(v->type, TOML_ARRAY);
	CHECK_INT(v->u.array.len, 3);
	CHECK_STR(toml_get(v->u.array.items[0], "name")->u.str.ptr, "Hammer");
	CHECK_INT(get(v->u.array.items[0], "dims.w")->u.integer, 1);
	CHECK_INT(v->u.array.items[1]->u.table.len, 0);
	CHECK_INT(toml_get(v->u.array.items[2], "variety")->u.array.len, 2);
	CHECK_INT(get(r, "quoted key.lit.bare.q")->u.integer, 1);
	CHECK_INT(get(r, "spaced.out")->type, TOML_TABLE);
	CHECK_INT(get(toml_get(r, ""), "empty_name")->u.integer, 1);
	toml_free(r);
}

static void test_positions(void)
{
	struct toml_value *r = parse(
		"# comment\n"					/* 1 */
		"title = \"TOML\"   \n"				/* 2 */
		"[owner]\n"					/* 3 */
		"  name = 'Tom'\n"				/* 4 */
		"\tdob = 1979-05-27T07:32:00-08:00\n"		/* 5 */
		"[database]\n"					/* 6 */
		"ports = [ 8000, 8001 ]\n"			/* 7 */
		"\"quoted key\" = { x = 1, y.z = 2 }\n"		/* 8 */
		"[[products]]\r\n"				/* 9 */
		"sku = 1\r\n"					/* 10 */
		"[[products]]\n"				/* 11 */
		"s = \"\"\"\nline\n\"\"\"\n"			/* 12-14 */
		"\"é\" = \"ü\"\n"				/* 15 */
		"[a.b]\n"					/* 16 */
		"[ a ]\n");					/* 17 */
	const struct toml_value *t, *v;
	const struct toml_keyval *kv;

	if (!parsed(r))
		return;
	CHECK_INT(r->pos.line, 1);
	CHECK_INT(r->pos.col, 1);
	kv = &r->u.table.items[0];
	CHECK_STR(kv->key, "title");
	CHECK_INT(kv->pos.line, 2);
	CHECK_INT(kv->pos.col, 1);
	CHECK_INT(kv->value->pos.line, 2);
	CHECK_INT(kv->value->pos.col, 9);

	kv = &r->u.table.items[1];
	CHECK_STR(kv->key, "owner");
	CHECK_INT(kv->pos.line, 3);
	CHECK_INT(kv->pos.col, 2);
	CHECK_INT(kv->value->pos.line, 3);
	CHECK_INT(kv->value->pos.col, 1);
	t = kv->value;
	CHECK_INT(t->u.table.items[0].pos.line, 4);
	CHECK_INT(t->u.table.items[0].pos.col, 3);
	CHECK_INT(t->u.table.items[0].value->pos.col, 10);
	CHECK_INT(t->u.table.items[1].pos.line, 5);
	CHECK_INT(t->u.table.items[1].pos.col, 2);
	CHECK_INT(t->u.table.items[1].value->pos.col, 8);

	v = get(r, "database.ports");
	CHECK_INT(v->pos.line, 7);
	CHECK_INT(v->pos.col, 9);
	CHECK_INT(v->u.array.items[0]->pos.col, 11);
	CHECK_INT(v->u.array.items[1]->pos.col, 17);

	t = get(r, "database");
	kv = &t->u.table.items[1];
	CHECK_STR(kv->key, "quoted key");
	CHECK_INT(kv->pos.line, 8);
	CHECK_INT(kv->pos.col, 1);
	CHECK_INT(kv->value->pos.col, 16);
	t = kv->value;
	CHECK_INT(t->u.table.items[0].pos.col, 18);
	CHECK_INT(t->u.table.items[0].value->pos.col, 22);
	CHECK_INT(t->u.table.items[1].pos.col, 25);
	CHECK_INT(t->u.table.items[1].value->pos.col, 25);
	kv = &t->u.table.items[1].value->u.table.items[0];
	CHECK_INT(kv->pos.col, 27);
	CHECK_INT(kv->value->pos.col, 31);

	kv = &r->u.table.items[3];
	CHECK_STR(kv->key, "products");
	CHECK_INT(kv->pos.line, 9);
	CHECK_INT(kv->pos.col, 3);
	CHECK_INT(kv->value->pos.line, 9);
	CHECK_INT(kv->value->u.array.items[0]->pos.line, 9);
	CHECK_INT(kv->value->u.array.items[1]->pos.line, 11);
	CHECK_INT(kv->value->u.array.items[1]->pos.col, 1);
	/* CRLF counts as one line end; the CR is no column of its own. */
	t = kv->value->u.array.items[0];
	CHECK_INT(t->u.table.items[0].pos.line, 10);
	CHECK_INT(t->u.table.items[0].value->pos.col, 7);
	t = kv->value->u.array.items[1];
	CHECK_INT(t->u.table.items[0].pos.line, 12);
	CHECK_INT(t->u.table.items[0].value->pos.col, 5);
	/* Columns count bytes: "é" is two. */
	CHECK_INT(t->u.table.items[1].pos.line, 15);
	CHECK_INT(t->u.table.items[1].pos.col, 1);
	CHECK_INT(t->u.table.items[1].value->pos.col, 8);

	/* [a] after [a.b]: a is placed where its own header stands. */
	kv = &r->u.table.items[4];
	CHECK_STR(kv->key, "a");
	CHECK_INT(kv->pos.line, 17);
	CHECK_INT(kv->pos.col, 3);
	CHECK_INT(kv->value->pos.line, 17);
	CHECK_INT(kv->value->pos.col, 1);
	CHECK_INT(kv->value->u.table.items[0].value->pos.line, 16);
	toml_free(r);
}

static void test_order(void)
{
	static const char *const want[] = { "z", "a", "m", "b", "c", "0" };
	struct toml_value *r = parse(
		"z = 1\na = 2\nm.x = 3\nm.a = 4\n[b]\n[c]\n[c.x]\n[\"0\"]\n");
	const struct toml_value *m;
	size_t i;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT(r->u.table.len, 6);
	for (i = 0; i < 6 && i < r->u.table.len; i++)
		CHECK_STR(r->u.table.items[i].key, want[i]);
	m = toml_get(r, "m");
	CHECK_STR(m->u.table.items[0].key, "x");
	CHECK_STR(m->u.table.items[1].key, "a");
	toml_free(r);
}

static void test_get(void)
{
	struct toml_value *r = parse(
		"\"a\\u0000b\" = 1\na = 2\nab = 3\n\"\" = 4\nt.k = 5\n");
	const struct toml_value *v;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT(r->u.table.items[0].keylen, 3);
	CHECK_INT(toml_get(r, "a")->u.integer, 2);
	CHECK_INT(toml_get(r, "ab")->u.integer, 3);
	CHECK_INT(toml_get(r, "")->u.integer, 4);
	v = toml_getn(r, "a\0b", 3);
	CHECK(v && v->u.integer == 1);
	CHECK(toml_get(r, "b") == NULL);
	CHECK(toml_get(r, "a\0b") == toml_get(r, "a"));
	CHECK(toml_get(r, "k") == NULL);
	CHECK(toml_get(toml_get(r, "a"), "x") == NULL);
	CHECK(toml_get(NULL, "a") == NULL);
	CHECK(toml_get(r, NULL) == NULL);
	CHECK_STR(toml_type_name(TOML_BOOL), "boolean");
	CHECK_STR(toml_type_name(TOML_TABLE), "table");
	CHECK_STR(toml_type_name(TOML_TIME_LOCAL), "local time");
	toml_free(r);

	/* Empty input, an input that is not NUL-terminated, no err. */
	r = toml_parse(NULL, 0, &err);
	CHECK(r && r->type == TOML_TABLE && r->u.table.len == 0);
	toml_free(r);
	r = toml_parse("a = 1xyz", 5, &err);
	CHECK(r && toml_get(r, "a")->u.integer == 1);
	toml_free(r);
	CHECK(toml_parse("a =", 3, NULL) == NULL);
	toml_free(NULL);
}

static void test_malformed(void)
{
	/* structure and keys */
	BAD("a = 1\na = 2\n", 2, 1, "duplicate key 'a'");
	BAD("name = \"x\"\n[server]\nport = 1\nport = 2\n", 4, 1,
	    "duplicate key 'port'");
	BAD("a.b = 1\na = 2\n", 2, 1, "duplicate key 'a'");
	BAD("a = 1\r\nb = 2\r\nb = 3\r\n", 3, 1, "duplicate key 'b'");
	BAD("\xef\xbb\xbf" "a = 1\na = 2\n", 2, 1, "duplicate key 'a'");
	BAD("\xef\xbb\xbf" "a = \n", 1, 5, "expected a value");
	BAD("a = 1\n\xef\xbb\xbf" "b = 2\n", 2, 1, "expected a key");
	BAD("a = {b = 1, b = 2}\n", 1, 13, "duplicate key 'b'");
	BAD("a = \n", 1, 5, "expected a value");
	BAD("key value\n", 1, 5, "expected '=' after key");
	BAD("= 1\n", 1, 1, "expected a key");
	BAD("a.= 1\n", 1, 3, "expected a key");
	BAD("x = 1 y = 2\n", 1, 7, "expected end of line after value");
	BAD("a = true1\n", 1, 5, "invalid value 'true1'");
	BAD("a = 1\rb = 2\n", 1, 6, "carriage return");
	BAD("\"\"\"k\"\"\" = 1\n", 1, 1, "multi-line");

	/* tables */
	BAD("[a]\n[a]\n", 2, 2, "table 'a' is already defined");
	BAD("[a\n", 1, 3, "expected ']'");
	BAD("[[a]\n", 1, 5, "expected ']]'");
	BAD("[a] x = 1\n", 1, 5, "expected end of line after table header");
	BAD("a = []\n[[a]]\n", 2, 3, "static array 'a'");
	BAD("[a]\nb.c = 1\n[a.b]\n", 3, 4, "table 'b' is already defined");
	BAD("[a.b.c]\n[a]\nb.d = 1\n", 3, 1, "table 'b' was made by a [header]");
	BAD("a = 1\n[a]\n", 2, 2, "key 'a' is already defined as integer");
	BAD("[[a]]\n[a]\n", 2, 2, "already defined as array");
	BAD("a = [1]\n[a.b]\n", 2, 2, "not an array of tables");
	BAD("a = {b = 1}\na.c = 2\n", 2, 1, "inline table 'a'");
	BAD("a = {b = 1}\n[a.c]\n", 2, 2, "inline table 'a'");
	BAD("a = {}\n[a]\n", 2, 2, "table 'a' is already defined");
	BAD("a = {b.c = 1, b = {}}\n", 1, 15, "duplicate key 'b'");

	/* inline tables and arrays */
	BAD("a = {b = 1,}\n", 1, 12, "trailing comma");
	BAD("a = {b = 1\n}\n", 1, 11, "newline in inline table");
	BAD("a = {b = 1 # no\n}\n", 1, 12, "comment in inline table");
	BAD("a = [1, 2\n", 1, 5, "unterminated array");
	BAD("a = [1 2]\n", 1, 8, "expected ',' or ']'");
	BAD("a = [\n  1,\n  2,,\n]\n", 3, 5, "expected a value");

	/* strings */
	BAD("a = \"\\q\"\n", 1, 6, "invalid escape '\\q'");
	BAD("a = \"abc\n", 1, 9, "newline in single-line string");
	BAD("a = \"abc", 1, 5, "unterminated string");
	BAD("a = \"\"\"abc\n", 1, 5, "unterminated string");
	BAD("a = \"\"\"\nline1\nline2 \\q\n\"\"\"\n", 3, 7,
	    "invalid escape '\\q'");
	BAD("a = \"\"\"\nx \\  y\n\"\"\"\n", 2, 3, "must end the line");
	BAD("a = \"\\uD800\"\n", 1, 6, "not a Unicode scalar value");
	BAD("a = \"\\U00110000\"\n", 1, 6, "not a Unicode scalar value");
	BAD("a = \"\\u12\"\n", 1, 6, "4 hex digits");
	BAD("a = \"x\ry\"\n", 1, 7, "carriage return");
	BAD("a = \"x\x01y\"\n", 1, 7, "control character U+0001");
	BAD("a = 'x\x7fy'\n", 1, 7, "control character U+007F");
	BAD("a = '''x\x00y'''\n", 1, 9, "control character U+0000");
	BAD("a = \"\xff\"\n", 1, 6, "invalid UTF-8");
	BAD("a = \"\xed\xa0\x80\"\n", 1, 6, "invalid UTF-8");	/* surrogate */
	BAD("a = \"\xc0\xaf\"\n", 1, 6, "invalid UTF-8");	/* overlong */
	BAD("a = 1 # ok\x01\n", 1, 11, "control character U+0001 in comment");
	BAD("# \xf5\x80\x80\x80\n", 1, 3, "invalid UTF-8 in comment");

	/* numbers */
	BAD("a = 9223372036854775808\n", 1, 5, "out of range");
	BAD("a = -9223372036854775809\n", 1, 5, "out of range");
	BAD("a = 0x8000000000000000\n", 1, 5, "out of range");
	BAD("a = 1__0\n", 1, 6, "'_'");
	BAD("a = 1_\n", 1, 6, "'_'");
	BAD("a = 01\n", 1, 5, "leading zeros");
	BAD("a = 1.\n", 1, 7, "expected a digit");
	BAD("a = 1.e5\n", 1, 7, "expected a digit");
	BAD("a = .5\n", 1, 5, "expected a value");
	BAD("a = +0x10\n", 1, 5, "cannot have a sign");
	BAD("a = 0x_1\n", 1, 7, "'_'");
	BAD("a = 1e400\n", 1, 5, "float out of range");
	BAD("a = nan_\n", 1, 5, "invalid value");

	/* date-times */
	BAD("a = 1979-02-29\n", 1, 5, "no day 29");
	BAD("a = 1900-02-29T00:00:00Z\n", 1, 5, "no day 29");
	BAD("a = 2021-04-31\n", 1, 5, "no day 31");
	BAD("a = 1979-13-01\n", 1, 5, "month 13");
	BAD("a = 07:60:00\n", 1, 5, "minute 60");
	BAD("a = 24:00:00\n", 1, 5, "hour 24");
	BAD("a = 1979-05-27T07:32\n", 1, 21, "expected ':'");
	BAD("a = 1979-05-27T07:32:00+25:00\n", 1, 25, "time offset");
	BAD("a = 1979-05-27T07:32:00.Z\n", 1, 25, "digit after '.'");
	BAD("a = 1979-5-27\n", 1, 11, "expected 2 digits");
	BAD("a = 07:32:00Z\n", 1, 13, "expected end of line");
}

static char *repeat(const char *head, const char *unit, size_t n,
		    const char *mid, const char *unit2, size_t n2,
		    const char *tail)
{
	size_t len = strlen(head) + strlen(unit) * n + strlen(mid) +
		     strlen(unit2) * n2 + strlen(tail) + 1;
	char *s = malloc(len), *o = s;
	size_t i;

	o += sprintf(o, "%s", head);
	for (i = 0; i < n; i++)
		o += sprintf(o, "%s", unit);
	o += sprintf(o, "%s", mid);
	for (i = 0; i < n2; i++)
		o += sprintf(o, "%s", unit2);
	sprintf(o, "%s", tail);
	return s;
}

static void expect_depth(char *src, bool ok, int col, int line)
{
	struct toml_value *r = parse(src);

	check_one(ok ? r != NULL : r == NULL, ok ? "accepted" : "rejected",
		  __FILE__, line);
	if (!ok) {
		check_one(strstr(err.msg, "nesting too deep") != NULL,
			  "nesting too deep", __FILE__, line);
		if (col)
			check_int(err.pos.col, col, "column", __FILE__, line);
	} else if (!r) {
		fprintf(stderr, "    %d:%d: %s\n", err.pos.line, err.pos.col,
			err.msg);
	}
	toml_free(r);
	free(src);
}

static void test_depth(void)
{
	int m = TOML_MAX_DEPTH;

	/* Arrays: the root is depth 0, so 256 nested arrays just fit. */
	expect_depth(repeat("a = ", "[", (size_t)m, "", "]", (size_t)m, "\n"),
		     true, 0, __LINE__);
	expect_depth(repeat("a = ", "[", (size_t)m + 1, "", "]",
			    (size_t)m + 1, "\n"), false, 4 + m + 1, __LINE__);
	/* Inline tables: 255 tables hold a value at depth 256. */
	expect_depth(repeat("a = ", "{b = ", (size_t)m - 1, "1", "}",
			    (size_t)m - 1, "\n"), true, 0, __LINE__);
	expect_depth(repeat("a = ", "{b = ", (size_t)m, "1", "}", (size_t)m,
			    "\n"), false, 0, __LINE__);
	/* Dotted keys and headers nest tables too. */
	expect_depth(repeat("", "a.", (size_t)m - 1, "a", "", 0, " = 1\n"),
		     true, 0, __LINE__);
	expect_depth(repeat("", "a.", (size_t)m, "a", "", 0, " = 1\n"),
		     false, 0, __LINE__);
	expect_depth(repeat("[", "a.", (size_t)m - 1, "a", "", 0, "]\nx = 1\n"),
		     false, 0, __LINE__);
	expect_depth(repeat("[", "a.", (size_t)m - 2, "a", "", 0, "]\nx = 1\n"),
		     true, 0, __LINE__);
	/* Far past the limit must fail cleanly, not blow the stack. */
	expect_depth(repeat("a = ", "[", 1000000, "", "", 0, ""), false,
		     4 + m + 1, __LINE__);
	expect_depth(repeat("a = ", "{b=", 1000000, "", "", 0, ""), false, 0,
		     __LINE__);
	expect_depth(repeat("a = ", "[{b=", 200000, "", "", 0, ""), false, 0,
		     __LINE__);
}

static void test_long(void)
{
	size_t n = 4u << 20, i;
	char *src = malloc(n + 64), *o = src;
	struct toml_value *r;
	const struct toml_value *v;

	/* 4 MiB of basic string with an escape every 64 bytes. */
	o += sprintf(o, "s = \"");
	for (i = 0; i < n / 64; i++) {
		memset(o, 'x', 62);
		memcpy(o + 62, "\\t", 2);
		o += 64;
	}
	sprintf(o, "\"\n");
	r = parse(src);
	v = r ? toml_get(r, "s") : NULL;
	CHECK(v != NULL);
	CHECK(v && v->u.str.len == n / 64 * 63);
	CHECK(v && v->u.str.ptr[62] == '\t' && v->u.str.ptr[63] == 'x');
	toml_free(r);

	/* The same length as a multi-line literal, with many lines. */
	o = src;
	o += sprintf(o, "s = '''");
	for (i = 0; i < n / 64; i++) {
		memset(o, 'y', 63);
		o[63] = '\n';
		o += 64;
	}
	sprintf(o, "'''\nt = 1\n");
	r = parse(src);
	CHECK(r && toml_get(r, "s")->u.str.len == n);
	CHECK(r && toml_get(r, "t")->pos.line == (int)(n / 64) + 2);
	toml_free(r);

	/* A key of 1 MiB, and a mistake right after it. */
	o = src;
	memset(o, 'k', 1u << 20);
	o += 1u << 20;
	sprintf(o, " = 1\n");
	r = parse(src);
	CHECK(r && r->u.table.items[0].keylen == 1u << 20);
	toml_free(r);
	sprintf(o, " = \n");
	CHECK(parse(src) == NULL);
	CHECK_INT(err.pos.col, (1 << 20) + 4);
	free(src);
}

/* Tables big enough to be hashed still find and refuse keys right. */
static void test_big_table(void)
{
	size_t n = 20000, i;
	char *src = malloc(n * 32 + 64), *o = src;
	struct toml_value *r;
	char key[32];
	bool all = true;

	for (i = 0; i < n; i++)
		o += sprintf(o, "k%zu = %zu\n", i, i);
	r = parse(src);
	CHECK(r && r->u.table.len == n);
	for (i = 0; r && i < n; i += 7) {
		const struct toml_value *v;

		snprintf(key, sizeof(key), "k%zu", i);
		v = toml_get(r, key);
		if (!v || v->u.integer != (int64_t)i)
			all = false;
	}
	CHECK(all);
	CHECK(r && strcmp(r->u.table.items[n - 1].key, "k19999") == 0);
	toml_free(r);
	sprintf(o, "k12345 = 0\n");
	CHECK(parse(src) == NULL);
	CHECK_INT(err.pos.line, (int)n + 1);
	CHECK(strstr(err.msg, "duplicate key 'k12345'") != NULL);
	free(src);
}

static const char sample[] =
	"\xef\xbb\xbf# sample: a little of everything\r\n"
	"title = \"TOML \\u00e9 \\U0001F600 \\\"q\\\"\"\n"
	"lit = 'C:\\x'\n"
	"ml = \"\"\"\n  a \\\n  b\"\"\"\"\"\n"
	"mll = '''\nx''y'''\n"
	"ints = [0, +1, -2, 1_000, 0xff, 0o7, 0b1]\n"
	"floats = [1.5, -2e-3, inf, -nan, 6.02E+23]\n"
	"dates = [1979-05-27T07:32:00.123Z, 1979-05-27 07:32:00+01:00,\n"
	"  1979-05-27T07:32:00, 1979-05-27, 07:32:00.5] # c\n"
	"inline = { a = 1, b.c = [ {x = true}, {} ], \"q k\" = false }\n"
	"dotted.key.here = \"é\"\n"
	"[table . sub]\n"
	"k = 1\n"
	"[[aot]]\n"
	"n = 1\n"
	"[aot.sub]\n"
	"[[aot]]\n"
	"\"\" = ''\n";

/* Every prefix of a valid document: parsed or refused, never a crash. */
static void test_truncated(void)
{
	size_t len = sizeof(sample) - 1, i;
	struct toml_value *r = toml_parse(sample, len, &err);
	bool sane = true;
	int ok = 0, bad = 0;

	CHECK(r != NULL);
	if (!r)
		fprintf(stderr, "    %d:%d: %s\n", err.pos.line, err.pos.col,
			err.msg);
	toml_free(r);
	for (i = 0; i < len; i++) {
		/* An exact-size copy lets ASan see any over-read. */
		char *copy = malloc(i ? i : 1);

		memcpy(copy, sample, i);
		r = toml_parse(copy, i, &err);
		if (r) {
			ok++;
			toml_free(r);
		} else {
			bad++;
			if (err.pos.line < 1 || err.pos.col < 1 || !err.msg[0])
				sane = false;
		}
		free(copy);
	}
	CHECK(sane);
	CHECK(ok > 10);
	CHECK(bad > 10);
}

/* Every byte of it replaced by each of a few troublemakers. */
static void test_corrupted(void)
{
	static const char bad[] = { '\0', '"', '\'', '[', ']', '{', '=',
				    '\\', '\r', '\n', '.', '#', (char)0xff,
				    (char)0xc3 };
	size_t len = sizeof(sample) - 1, i, j;
	bool sane = true;

	for (i = 0; i < len; i++) {
		for (j = 0; j < sizeof(bad); j++) {
			char *copy = malloc(len);
			struct toml_value *r;

			memcpy(copy, sample, len);
			copy[i] = bad[j];
			r = toml_parse(copy, len, &err);
			if (!r && (err.pos.line < 1 || err.pos.col < 1 ||
				   !err.msg[0]))
				sane = false;
			toml_free(r);
			free(copy);
		}
	}
	CHECK(sane);
}

int main(void)
{
	test_strings();
	test_integers();
	test_floats();
	test_float_locale();
	test_bools();
	test_datetimes();
	test_arrays();
	test_tables();
	test_positions();
	test_order();
	test_get();
	test_malformed();
	test_depth();
	test_long();
	test_big_table();
	test_truncated();
	test_corrupted();
	return check_summary("toml");
}
