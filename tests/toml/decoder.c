/*
 * decoder.c - the toml-test front end for supervisor/toml.c: TOML on stdin
 * (or in the file named by the one argument), toml-test's tagged JSON on
 * stdout. A parse error is printed as "file:line:col: message" on stderr
 * with exit status 1, which is what toml-test counts as a rejection.
 */
#include "../../supervisor/toml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_json_string(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		default:
			/* The parser hands out valid UTF-8, so only C0/DEL. */
			if (c < 0x20 || c == 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
	}
	putchar('"');
}

static void put_tagged(const char *type, const char *value)
{
	printf("{\"type\":\"%s\",\"value\":", type);
	put_json_string(value, strlen(value));
	putchar('}');
}

/*
 * The shortest "%.*g" that reads back as the same double, so the output is
 * both exact and readable.
 */
static void format_float(double d, char *out, size_t cap)
{
	int prec;

	if (isnan(d)) {
		snprintf(out, cap, "nan");
		return;
	}
	if (isinf(d)) {
		snprintf(out, cap, "%sinf", d < 0 ? "-" : "");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, cap, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return;
	}
}

static void format_datetime(const struct toml_value *v, char *out, size_t cap)
{
	const struct toml_datetime *dt = &v->u.dt;
	size_t n = 0;

	if (v->type != TOML_TIME_LOCAL)
		n += (size_t)snprintf(out + n, cap - n, "%04d-%02d-%02d",
				      dt->year, dt->month, dt->day);
	if (v->type == TOML_DATE_LOCAL)
		return;
	if (v->type != TOML_TIME_LOCAL)
		out[n++] = 'T';
	n += (size_t)snprintf(out + n, cap - n, "%02d:%02d:%02d",
			      dt->hour, dt->minute, dt->second);
	if (dt->nanosecond) {
		char frac[16];
		int end = 9;

		snprintf(frac, sizeof(frac), "%09d", dt->nanosecond);
		while (end > 1 && frac[end - 1] == '0')
			end--;
		n += (size_t)snprintf(out + n, cap - n, ".%.*s", end, frac);
	}
	if (v->type == TOML_DATETIME) {
		int off = dt->offset_minutes;

		if (off == 0)
			snprintf(out + n, cap - n, "Z");
		else
			snprintf(out + n, cap - n, "%c%02d:%02d",
				 off < 0 ? '-' : '+', abs(off) / 60,
				 abs(off) % 60);
	}
}

static void put_value(const struct toml_value *v)
{
	char b[64];
	size_t i;

	switch (v->type) {
	case TOML_TABLE:
		putchar('{');
		for (i = 0; i < v->u.table.len; i++) {
			const struct toml_keyval *kv = &v->u.table.items[i];

			if (i)
				putchar(',');
			put_json_string(kv->key, kv->keylen);
			putchar(':');
			put_value(kv->value);
		}
		putchar('}');
		break;
	case TOML_ARRAY:
		putchar('[');
		for (i = 0; i < v->u.array.len; i++) {
			if (i)
				putchar(',');
			put_value(v->u.array.items[i]);
		}
		putchar(']');
		break;
	case TOML_STRING:
		fputs("{\"type\":\"string\",\"value\":", stdout);
		put_json_string(v->u.str.ptr, v->u.str.len);
		putchar('}');
		break;
	case TOML_INTEGER:
		snprintf(b, sizeof(b), "%lld", (long long)v->u.integer);
		put_tagged("integer", b);
		break;
	case TOML_FLOAT:
		format_float(v->u.fp, b, sizeof(b));
		put_tagged("float", b);
		break;
	case TOML_BOOL:
		put_tagged("bool", v->u.boolean ? "true" : "false");
		break;
	case TOML_DATETIME:
		format_datetime(v, b, sizeof(b));
		put_tagged("datetime", b);
		break;
	case TOML_DATETIME_LOCAL:
		format_datetime(v, b, sizeof(b));
		put_tagged("datetime-local", b);
		break;
	case TOML_DATE_LOCAL:
		format_datetime(v, b, sizeof(b));
		put_tagged("date-local", b);
		break;
	case TOML_TIME_LOCAL:
		format_datetime(v, b, sizeof(b));
		put_tagged("time-local", b);
		break;
	}
}

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap), *np;

	if (!buf)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			np = realloc(buf, cap);
			if (!np) {
				free(buf);
				return NULL;
			}
			buf = np;
		}
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "<stdin>";
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	struct toml_error err;
	struct toml_value *root;
	size_t len = 0;
	char *src;

	if (!f) {
		perror(name);
		return 2;
	}
	src = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	if (!src) {
		fprintf(stderr, "%s: cannot read input\n", name);
		return 2;
	}
	root = toml_parse(src, len, &err);
	free(src);
	if (!root) {
		fprintf(stderr, "%s:%d:%d: %s\n", name, err.pos.line,
			err.pos.col, err.msg);
		return 1;
	}
	put_value(root);
	putchar('\n');
	toml_free(root);
	return fflush(stdout) == 0 ? 0 : 2;
}
