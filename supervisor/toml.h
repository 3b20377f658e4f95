/*
 * toml.h - a complete TOML 1.0 parser: text in, a tree of values out.
 *
 * The tree keeps every key in document order and the line and column where
 * each key and value starts, so callers (the manifest schema) can point at
 * the exact place a mistake is. Strings are UTF-8 and may contain NUL
 * (from "\u0000"), so their length is kept beside them.
 */
#ifndef VYOMA_TOML_H
#define VYOMA_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum toml_type {
	TOML_TABLE,
	TOML_ARRAY,
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOL,
	TOML_DATETIME,		/* offset date-time: 1979-05-27T07:32:00Z */
	TOML_DATETIME_LOCAL,	/* 1979-05-27T07:32:00 */
	TOML_DATE_LOCAL,	/* 1979-05-27 */
	TOML_TIME_LOCAL,	/* 07:32:00 */
};

struct toml_pos {
	int line;		/* 1-based */
	int col;		/* 1-based, counted in bytes */
};

struct toml_datetime {
	int year, month, day;
	int hour, minute, second;
	int nanosecond;
	int offset_minutes;	/* only for TOML_DATETIME; 0 for Z */
};

struct toml_value;

struct toml_keyval {
	char *key;		/* NUL-terminated; may contain NUL, see keylen */
	size_t keylen;
	struct toml_pos pos;	/* where the key was written */
	struct toml_value *value;
};

struct toml_value {
	enum toml_type type;
	struct toml_pos pos;	/* where the value (or table header) starts */
	union {
		struct {
			char *ptr;	/* NUL-terminated */
			size_t len;
		} str;
		int64_t integer;
		double fp;
		bool boolean;
		struct toml_datetime dt;
		struct {
			struct toml_value **items;
			size_t len;
		} array;
		struct {
			struct toml_keyval *items;	/* document order */
			size_t len;
		} table;
	} u;
};

struct toml_error {
	struct toml_pos pos;
	char msg[200];
};

/*
 * Parses a whole document. Returns the root table, or NULL with *err filled
 * in (position of the first error and a one-line message without the
 * position). The source need not be NUL-terminated.
 */
struct toml_value *toml_parse(const char *src, size_t len,
			      struct toml_error *err);

void toml_free(struct toml_value *root);

/* The value under key in a table, or NULL (also when t is not a table). */
const struct toml_value *toml_get(const struct toml_value *t, const char *key);

/*
 * Like toml_get, for a key of keylen bytes that may contain NUL. Both only
 * read the table, so several threads may look up in one tree at once.
 */
const struct toml_value *toml_getn(const struct toml_value *t,
				   const char *key, size_t keylen);

/*
 * How deep tables and arrays may nest (the root is depth 0, its values 1).
 * Deeper documents are rejected, which keeps every recursive walk of the
 * tree, the parser's own included, well inside any thread's stack.
 */
#define TOML_MAX_DEPTH 256

/* "string", "integer", "table", ... for error messages. */
const char *toml_type_name(enum toml_type type);

#endif
