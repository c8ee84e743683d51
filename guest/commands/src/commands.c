/*
 * The natsexec WASM command set: one multi-call WASI command module, like
 * busybox. The command is chosen by the base name of argv[0]; when argv[0]
 * is "commands" the next argument names it instead.
 *
 * Each command implements the common subset of its coreutils namesake that
 * scripts use; see README.md for the flags. Files are read from the VM's
 * filesystem (mounted at "/", which is also the working directory), and
 * "-" or no operand means standard input.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sha256.h"

static const char *prog = "commands";

static void warnx(const char *fmt, const char *arg) {
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

static void warn_path(const char *path) {
	fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
}

static int usage(const char *text) {
	fprintf(stderr, "usage: %s %s\n", prog, text);
	return 2;
}

static void *xrealloc(void *p, size_t n) {
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(1);
	}
	return q;
}

/* open_in opens a file operand; "-" is standard input. */
static FILE *open_in(const char *path) {
	FILE *f;
	if (strcmp(path, "-") == 0)
		return stdin;
	f = fopen(path, "r");
	if (!f)
		warn_path(path);
	return f;
}

static void close_in(FILE *f) {
	if (f && f != stdin)
		fclose(f);
}

/* parse_count reads a non-negative decimal count for -n and -c. */
static int parse_count(const char *s, long long *out) {
	char *end;
	long long v;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* A growable list of lines, each with its length (lines may hold NULs). */
typedef struct {
	char **s;
	size_t *len;
	size_t n, cap;
} lines;

static void lines_add(lines *l, char *s, size_t len) {
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->s = xrealloc(l->s, l->cap * sizeof *l->s);
		l->len = xrealloc(l->len, l->cap * sizeof *l->len);
	}
	l->s[l->n] = s;
	l->len[l->n] = len;
	l->n++;
}

/* read_lines appends every line of f to l, without the newline. */
static void read_lines(FILE *f, lines *l) {
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		char *s;
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		s = xrealloc(NULL, (size_t)n + 1);
		memcpy(s, buf, (size_t)n);
		s[n] = 0;
		lines_add(l, s, (size_t)n);
	}
	free(buf);
}

static void put_line(const char *s, size_t len) {
	fwrite(s, 1, len, stdout);
	putchar('\n');
}

/* ---- true, false ---------------------------------------------------- */

static int cmd_true(int argc, char **argv) {
	(void)argc;
	(void)argv;
	return 0;
}

static int cmd_false(int argc, char **argv) {
	(void)argc;
	(void)argv;
	return 1;
}

/* ---- echo [-n] [-e|-E] ARG... ---------------------------------------- */

static int echo_escape(const char *s) {
	for (; *s; s++) {
		int c = (unsigned char)*s;
		if (c != '\\' || !s[1]) {
			putchar(c);
			continue;
		}
		switch (*++s) {
		case 'n': putchar('\n'); break;
		case 't': putchar('\t'); break;
		case 'r': putchar('\r'); break;
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'f': putchar('\f'); break;
		case 'v': putchar('\v'); break;
		case 'e': putchar(27); break;
		case '\\': putchar('\\'); break;
		case 'c': return 1;
		case '0': {
			int v = 0, i;
			for (i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				v = v * 8 + (*++s - '0');
			putchar(v);
			break;
		}
		default:
			putchar('\\');
			putchar(*s);
		}
	}
	return 0;
}

static int cmd_echo(int argc, char **argv) {
	int i = 1, newline = 1, escapes = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;
		if (strspn(p, "neE") != strlen(p))
			break;
		for (; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else if (*p == 'e')
				escapes = 1;
			else
				escapes = 0;
		}
	}
	for (; i < argc; i++) {
		if (escapes) {
			if (echo_escape(argv[i]))
				return 0;
		} else {
			fputs(argv[i], stdout);
		}
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return 0;
}

/* ---- cat [-n] [FILE...] ---------------------------------------------- */

static int cmd_cat(int argc, char **argv) {
	int opt, number = 0, rc = 0, i;
	static char buf[65536];
	while ((opt = getopt(argc, argv, "nu")) != -1) {
		if (opt == 'n')
			number = 1;
		else if (opt != 'u')
			return usage("[-n] [FILE...]");
	}
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		FILE *f = open_in(path);
		if (!f) {
			rc = 1;
			continue;
		}
		if (number) {
			static long long line;
			char *l = NULL;
			size_t cap = 0;
			ssize_t n;
			while ((n = getline(&l, &cap, f)) >= 0) {
				printf("%6lld\t", ++line);
				fwrite(l, 1, (size_t)n, stdout);
			}
			free(l);
		} else {
			size_t n;
			while ((n = fread(buf, 1, sizeof buf, f)) > 0)
				if (fwrite(buf, 1, n, stdout) != n)
					break;
		}
		if (ferror(f)) {
			warn_path(path);
			rc = 1;
		}
		close_in(f);
	}
	return rc;
}

/* ---- ls [-a] [-l] [-1] [PATH...] ------------------------------------ */

static int ls_all, ls_long;

static int cmp_str(const void *a, const void *b) {
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ls_entry(const char *dir, const char *name) {
	struct stat st;
	char path[PATH_MAX], when[32];
	if (!ls_long) {
		puts(name);
		return;
	}
	if (dir)
		snprintf(path, sizeof path, "%s/%s", dir, name);
	else
		snprintf(path, sizeof path, "%s", name);
	if (lstat(path, &st) != 0) {
		warn_path(path);
		return;
	}
	/* WASI file stats carry no permission bits: only the type is shown. */
	mode_t m = st.st_mode;
	char type = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISREG(m) ? '-' : '?';
	time_t t = st.st_mtim.tv_sec;
	struct tm *tm = gmtime(&t);
	if (!tm || !strftime(when, sizeof when, "%Y-%m-%d %H:%M", tm))
		strcpy(when, "?");
	printf("%c %2lu %8lld %s %s\n", type, (unsigned long)st.st_nlink, (long long)st.st_size, when, name);
}

static int ls_dir(const char *path) {
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	if (!d) {
		warn_path(path);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !ls_all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		ls_entry(path, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_ls(int argc, char **argv) {
	int opt, rc = 0, i, many;
	while ((opt = getopt(argc, argv, "al1")) != -1) {
		if (opt == 'a')
			ls_all = 1;
		else if (opt == 'l')
			ls_long = 1;
		else if (opt != '1')
			return usage("[-a] [-l] [-1] [PATH...]");
	}
	if (optind == argc)
		return ls_dir(".");
	many = argc - optind > 1;
	/* Files first, then directories, as ls does. */
	for (i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			warn_path(argv[i]);
			rc = 2;
		} else if (!S_ISDIR(st.st_mode)) {
			ls_entry(NULL, argv[i]);
		}
	}
	int first = 1;
	for (i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (many)
			printf("%s%s:\n", first ? "" : "\n", argv[i]);
		first = 0;
		if (ls_dir(argv[i]))
			rc = 2;
	}
	return rc;
}

/* ---- wc [-l] [-w] [-c] [FILE...] ------------------------------------ */

static const unsigned char wc_space[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1};

static int cmd_wc(int argc, char **argv) {
	int opt, rc = 0, i, sl = 0, sw = 0, sc = 0, files;
	long long tl = 0, tw = 0, tc = 0;
	static unsigned char buf[65536];
	while ((opt = getopt(argc, argv, "lwcm")) != -1) {
		if (opt == 'l')
			sl = 1;
		else if (opt == 'w')
			sw = 1;
		else if (opt == 'c' || opt == 'm')
			sc = 1;
		else
			return usage("[-l] [-w] [-c] [FILE...]");
	}
	if (!sl && !sw && !sc)
		sl = sw = sc = 1;
	files = argc - optind;
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		long long l = 0, w = 0, c = 0;
		int inword = 0;
		size_t n, k;
		FILE *f = open_in(path);
		if (!f) {
			rc = 1;
			continue;
		}
		while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
			c += (long long)n;
			/* Unrolled: each loop back-edge is a call out to the host
			 * (wazero's WithCloseOnContextDone check). */
#pragma clang loop unroll_count(16)
			for (k = 0; k < n; k++) {
				if (buf[k] == '\n')
					l++;
				if (wc_space[buf[k]]) {
					inword = 0;
				} else if (!inword) {
					inword = 1;
					w++;
				}
			}
		}
		if (ferror(f)) {
			warn_path(path);
			rc = 1;
		}
		close_in(f);
		tl += l, tw += w, tc += c;
		const char *sep = "";
		if (sl) printf("%s%lld", sep, l), sep = " ";
		if (sw) printf("%s%lld", sep, w), sep = " ";
		if (sc) printf("%s%lld", sep, c), sep = " ";
		if (i < argc)
			printf(" %s", path);
		putchar('\n');
	}
	if (files > 1) {
		const char *sep = "";
		if (sl) printf("%s%lld", sep, tl), sep = " ";
		if (sw) printf("%s%lld", sep, tw), sep = " ";
		if (sc) printf("%s%lld", sep, tc), sep = " ";
		printf(" total\n");
	}
	return rc;
}

/* ---- head / tail [-n N] [-c N] [FILE...] ---------------------------- */

/* fix_obsolete turns "head -5" into "head -n 5". */
static char **fix_obsolete(int argc, char **argv, char *spare) {
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1]) &&
	    strspn(argv[1] + 1, "0123456789") == strlen(argv[1] + 1)) {
		snprintf(spare, 32, "-n%s", argv[1] + 1);
		argv[1] = spare;
	}
	return argv;
}

static int cmd_head(int argc, char **argv) {
	int opt, rc = 0, i, bytes = 0, files;
	long long count = 10;
	char spare[32];
	argv = fix_obsolete(argc, argv, spare);
	while ((opt = getopt(argc, argv, "n:c:qv")) != -1) {
		if ((opt == 'n' || opt == 'c') && parse_count(optarg, &count) == 0)
			bytes = opt == 'c';
		else if (opt != 'q' && opt != 'v')
			return usage("[-n LINES | -c BYTES] [FILE...]");
	}
	files = argc - optind;
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		long long left = count;
		int c;
		FILE *f = open_in(path);
		if (!f) {
			rc = 1;
			continue;
		}
		if (files > 1)
			printf("%s==> %s <==\n", i > optind ? "\n" : "", path);
		while (left > 0 && (c = getc(f)) != EOF) {
			putchar(c);
			if (bytes || c == '\n')
				left--;
		}
		close_in(f);
	}
	return rc;
}

static int cmd_tail(int argc, char **argv) {
	int opt, rc = 0, i, bytes = 0, from = 0, files;
	long long count = 10;
	char spare[32];
	argv = fix_obsolete(argc, argv, spare);
	while ((opt = getopt(argc, argv, "n:c:qv")) != -1) {
		if (opt == 'n' || opt == 'c') {
			const char *s = optarg;
			from = 0;
			if (*s == '+')
				from = 1, s++;
			else if (*s == '-')
				s++;
			if (parse_count(s, &count) != 0)
				return usage("[-n [+]LINES | -c [+]BYTES] [FILE...]");
			bytes = opt == 'c';
		} else if (opt != 'q' && opt != 'v') {
			return usage("[-n [+]LINES | -c [+]BYTES] [FILE...]");
		}
	}
	files = argc - optind;
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		char *data = NULL;
		size_t n = 0, cap = 0, k, start;
		FILE *f = open_in(path);
		if (!f) {
			rc = 1;
			continue;
		}
		for (;;) {
			if (cap - n < 65536) {
				cap = cap ? 2 * cap : 65536;
				data = xrealloc(data, cap);
			}
			size_t r = fread(data + n, 1, cap - n, f);
			if (r == 0)
				break;
			n += r;
		}
		close_in(f);
		if (files > 1)
			printf("%s==> %s <==\n", i > optind ? "\n" : "", path);
		if (bytes) {
			if (from)
				start = count > 0 && (size_t)(count - 1) < n ? (size_t)(count - 1) : (count == 0 ? 0 : n);
			else
				start = (size_t)count < n ? n - (size_t)count : 0;
		} else if (from) {
			long long line = 1;
			for (start = 0; start < n && line < count; start++)
				if (data[start] == '\n')
					line++;
		} else {
			long long seen = 0;
			k = n;
			if (k > 0 && data[k - 1] == '\n')
				k--; /* the last line's own newline */
			start = 0;
			if (count == 0) {
				start = n;
			} else {
				while (k > 0) {
					if (data[k - 1] == '\n' && ++seen == count) {
						start = k;
						break;
					}
					k--;
				}
			}
		}
		fwrite(data + start, 1, n - start, stdout);
		free(data);
	}
	return rc;
}

/* ---- grep [-vicnqlhHxFE] [-e PATTERN] PATTERN [FILE...] ------------- */

static int cmd_grep(int argc, char **argv) {
	int opt, invert = 0, icase = 0, count = 0, number = 0, quiet = 0, list = 0;
	int whole = 0, fixed = 0, ext = 0, names = -1, rc = 1, errs = 0, i, files;
	const char *pattern = NULL;
	regex_t re;
	while ((opt = getopt(argc, argv, "vicnqslhHxFEGe:")) != -1) {
		switch (opt) {
		case 'v': invert = 1; break;
		case 'i': icase = 1; break;
		case 'c': count = 1; break;
		case 'n': number = 1; break;
		case 'q': quiet = 1; break;
		case 's': break;
		case 'l': list = 1; break;
		case 'h': names = 0; break;
		case 'H': names = 1; break;
		case 'x': whole = 1; break;
		case 'F': fixed = 1; break;
		case 'E': ext = 1; break;
		case 'G': ext = 0; break;
		case 'e': pattern = optarg; break;
		default: return usage("[-vicnqlhHxFE] [-e PATTERN | PATTERN] [FILE...]");
		}
	}
	if (!pattern) {
		if (optind >= argc)
			return usage("[-vicnqlhHxFE] [-e PATTERN | PATTERN] [FILE...]");
		pattern = argv[optind++];
	}
	/* A pattern with no special characters is matched as a fixed string:
	 * the same lines, without the regex engine's cost. */
	if (!fixed && !strpbrk(pattern, ".[]*^$\\+?(){}|"))
		fixed = 1;
	if (!fixed) {
		char *anch = NULL;
		const char *pat = pattern;
		if (whole) {
			size_t len = strlen(pattern);
			anch = xrealloc(NULL, len + 7);
			snprintf(anch, len + 7, ext ? "^(%s)$" : "^\\(%s\\)$", pattern);
			pat = anch;
		}
		int err = regcomp(&re, pat, REG_NOSUB | (ext ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0));
		free(anch);
		if (err) {
			char msg[256];
			regerror(err, &re, msg, sizeof msg);
			fprintf(stderr, "%s: bad pattern '%s': %s\n", prog, pattern, msg);
			return 2;
		}
	}
	files = argc - optind;
	if (names < 0)
		names = files > 1;
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		const char *label = i < argc ? path : "(standard input)";
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		long long lineno = 0, matches = 0;
		FILE *f = open_in(path);
		if (!f) {
			errs = 1;
			continue;
		}
		while ((n = getline(&line, &cap, f)) >= 0) {
			int hit;
			lineno++;
			if (n > 0 && line[n - 1] == '\n')
				line[--n] = 0;
			if (fixed) {
				if (whole)
					hit = icase ? strcasecmp(line, pattern) == 0 : strcmp(line, pattern) == 0;
				else
					hit = (icase ? strcasestr(line, pattern) : strstr(line, pattern)) != NULL;
			} else {
				hit = regexec(&re, line, 0, NULL, 0) == 0;
			}
			if (hit == invert)
				continue;
			matches++;
			rc = 0;
			if (quiet) {
				free(line);
				close_in(f);
				return 0;
			}
			if (list)
				break;
			if (count)
				continue;
			if (names)
				printf("%s:", label);
			if (number)
				printf("%lld:", lineno);
			put_line(line, (size_t)n);
		}
		free(line);
		close_in(f);
		if (list && matches)
			puts(label);
		else if (count && !list) {
			if (names)
				printf("%s:", label);
			printf("%lld\n", matches);
		}
	}
	if (!fixed)
		regfree(&re);
	return errs && rc ? 2 : rc;
}

/* ---- sort [-rnuf] [FILE...] ------------------------------------------ */

static int sort_rev, sort_num, sort_fold, sort_uniq;

static int sort_key(const char *a, const char *b) {
	if (sort_num) {
		double x = strtod(a, NULL), y = strtod(b, NULL);
		if (x != y)
			return x < y ? -1 : 1;
		return sort_uniq ? 0 : strcmp(a, b);
	}
	if (sort_fold) {
		int c = strcasecmp(a, b);
		if (c || sort_uniq)
			return c;
	}
	return strcmp(a, b);
}

static int sort_cmp(const void *pa, const void *pb) {
	int c = sort_key(*(char *const *)pa, *(char *const *)pb);
	return sort_rev ? -c : c;
}

static int cmd_sort(int argc, char **argv) {
	int opt, rc = 0, i;
	lines l = {0};
	while ((opt = getopt(argc, argv, "rnufo:")) != -1) {
		switch (opt) {
		case 'r': sort_rev = 1; break;
		case 'n': sort_num = 1; break;
		case 'u': sort_uniq = 1; break;
		case 'f': sort_fold = 1; break;
		default: return usage("[-rnuf] [FILE...]");
		}
	}
	for (i = optind; i < argc || i == optind; i++) {
		FILE *f = open_in(i < argc ? argv[i] : "-");
		if (!f) {
			rc = 2;
			continue;
		}
		read_lines(f, &l);
		close_in(f);
	}
	qsort(l.s, l.n, sizeof *l.s, sort_cmp);
	for (size_t k = 0; k < l.n; k++) {
		if (sort_uniq && k > 0 && sort_key(l.s[k - 1], l.s[k]) == 0)
			continue;
		puts(l.s[k]);
	}
	return rc;
}

/* ---- uniq [-c] [-d] [-u] [-i] [INPUT] -------------------------------- */

static int cmd_uniq(int argc, char **argv) {
	int opt, counts = 0, dups = 0, uniques = 0, icase = 0;
	char *prev = NULL, *line = NULL;
	size_t cap = 0, prevlen = 0;
	ssize_t n;
	long long run = 0;
	FILE *f;
	while ((opt = getopt(argc, argv, "cdui")) != -1) {
		switch (opt) {
		case 'c': counts = 1; break;
		case 'd': dups = 1; break;
		case 'u': uniques = 1; break;
		case 'i': icase = 1; break;
		default: return usage("[-c] [-d] [-u] [-i] [INPUT]");
		}
	}
	f = open_in(optind < argc ? argv[optind] : "-");
	if (!f)
		return 1;
	for (;;) {
		n = getline(&line, &cap, f);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = 0;
		int same = n >= 0 && prev && (size_t)n == prevlen &&
			   (icase ? strncasecmp(line, prev, (size_t)n) == 0 : memcmp(line, prev, (size_t)n) == 0);
		if (same) {
			run++;
			continue;
		}
		if (prev && !(dups && run < 2) && !(uniques && run > 1)) {
			if (counts)
				printf("%7lld ", run);
			put_line(prev, prevlen);
		}
		if (n < 0)
			break;
		free(prev);
		prev = xrealloc(NULL, (size_t)n + 1);
		memcpy(prev, line, (size_t)n + 1);
		prevlen = (size_t)n;
		run = 1;
	}
	free(prev);
	free(line);
	close_in(f);
	return 0;
}

/* ---- tr [-cds] SET1 [SET2] ------------------------------------------- */

/* tr_expand turns a set spec into up to 256*N chars in out; returns count. */
static int tr_expand(const char *s, unsigned char *out, int max) {
	static const struct {
		const char *name;
		int (*fn)(int);
	} classes[] = {
		{"[:lower:]", islower}, {"[:upper:]", isupper}, {"[:digit:]", isdigit},
		{"[:space:]", isspace}, {"[:alpha:]", isalpha}, {"[:alnum:]", isalnum},
		{"[:punct:]", ispunct}, {"[:blank:]", isblank}, {"[:print:]", isprint},
		{"[:cntrl:]", iscntrl}, {"[:xdigit:]", isxdigit}, {"[:graph:]", isgraph},
	};
	int n = 0;
	while (*s && n < max) {
		size_t k;
		int matched = 0;
		for (k = 0; k < sizeof classes / sizeof classes[0]; k++) {
			size_t len = strlen(classes[k].name);
			if (strncmp(s, classes[k].name, len) == 0) {
				for (int c = 0; c < 256 && n < max; c++)
					if (classes[k].fn(c))
						out[n++] = (unsigned char)c;
				s += len;
				matched = 1;
				break;
			}
		}
		if (matched)
			continue;
		int c = (unsigned char)*s++;
		if (c == '\\' && *s) {
			int e = (unsigned char)*s++;
			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			case '\\': c = '\\'; break;
			default:
				if (e >= '0' && e <= '7') {
					c = e - '0';
					for (int i = 0; i < 2 && *s >= '0' && *s <= '7'; i++)
						c = c * 8 + (*s++ - '0');
				} else {
					c = e;
				}
			}
		}
		if (s[0] == '-' && s[1]) {
			int hi = (unsigned char)s[1];
			s += 2;
			if (hi < c)
				return -1;
			for (; c <= hi && n < max; c++)
				out[n++] = (unsigned char)c;
			continue;
		}
		out[n++] = (unsigned char)c;
	}
	return n;
}

static int cmd_tr(int argc, char **argv) {
	int opt, del = 0, squeeze = 0, comp = 0, n1, n2 = 0, c, last = -1;
	static unsigned char s1[4096], s2[4096];
	unsigned char map[256], in1[256] = {0}, sq[256] = {0};
	while ((opt = getopt(argc, argv, "cCds")) != -1) {
		switch (opt) {
		case 'c': case 'C': comp = 1; break;
		case 'd': del = 1; break;
		case 's': squeeze = 1; break;
		default: return usage("[-cds] SET1 [SET2]");
		}
	}
	int nsets = argc - optind;
	if (nsets < 1 || nsets > 2 || (!del && !squeeze && nsets != 2) || (del && !squeeze && nsets != 1))
		return usage("[-cds] SET1 [SET2]");
	if ((n1 = tr_expand(argv[optind], s1, sizeof s1)) < 0 ||
	    (nsets == 2 && (n2 = tr_expand(argv[optind + 1], s2, sizeof s2)) < 0)) {
		fprintf(stderr, "%s: invalid range in set\n", prog);
		return 1;
	}
	for (int i = 0; i < n1; i++)
		in1[s1[i]] = 1;
	if (comp) {
		/* The complement, in byte order. */
		int k = 0;
		for (c = 0; c < 256; c++)
			if (!in1[c])
				s1[k++] = (unsigned char)c;
		n1 = k;
		for (c = 0; c < 256; c++)
			in1[c] = !in1[c];
	}
	for (c = 0; c < 256; c++)
		map[c] = (unsigned char)c;
	int translate = nsets == 2 && !del;
	if (translate) {
		if (n2 == 0) {
			fprintf(stderr, "%s: SET2 must not be empty\n", prog);
			return 1;
		}
		for (int i = 0; i < n1; i++)
			map[s1[i]] = s2[i < n2 ? i : n2 - 1];
	}
	if (squeeze) {
		const unsigned char *set = nsets == 2 ? s2 : s1;
		int n = nsets == 2 ? n2 : n1;
		for (int i = 0; i < n; i++)
			sq[set[i]] = 1;
	}
	while ((c = getchar()) != EOF) {
		if (del && in1[c])
			continue;
		c = map[c];
		if (squeeze && sq[c] && c == last)
			continue;
		last = c;
		putchar(c);
	}
	return 0;
}

/* ---- sha256sum [FILE...] --------------------------------------------- */

static int cmd_sha256sum(int argc, char **argv) {
	int rc = 0, i, opt;
	static unsigned char buf[65536];
	while ((opt = getopt(argc, argv, "bt")) != -1)
		if (opt != 'b' && opt != 't')
			return usage("[FILE...]");
	for (i = optind; i < argc || i == optind; i++) {
		const char *path = i < argc ? argv[i] : "-";
		sha256_ctx ctx;
		unsigned char sum[32];
		size_t n;
		FILE *f = open_in(path);
		if (!f) {
			rc = 1;
			continue;
		}
		sha256_init(&ctx);
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			sha256_update(&ctx, buf, n);
		if (ferror(f)) {
			warn_path(path);
			rc = 1;
			close_in(f);
			continue;
		}
		close_in(f);
		sha256_final(&ctx, sum);
		for (int k = 0; k < 32; k++)
			printf("%02x", sum[k]);
		printf("  %s\n", path);
	}
	return rc;
}

/* ---- base64 [-d] [-w COLS] [FILE] ----------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int cmd_base64(int argc, char **argv) {
	int opt, decode = 0, ignore = 0;
	long long wrap = 76;
	FILE *f;
	while ((opt = getopt(argc, argv, "diw:")) != -1) {
		if (opt == 'd')
			decode = 1;
		else if (opt == 'i')
			ignore = 1;
		else if (opt == 'w' && parse_count(optarg, &wrap) == 0)
			;
		else
			return usage("[-d] [-w COLS] [FILE]");
	}
	f = open_in(optind < argc ? argv[optind] : "-");
	if (!f)
		return 1;
	if (decode) {
		unsigned int acc = 0;
		int bits = 0, c, pad = 0;
		while ((c = getc(f)) != EOF) {
			const char *p;
			if (c == '=') {
				pad = 1;
				continue;
			}
			if (isspace(c))
				continue;
			p = c ? strchr(b64, c) : NULL;
			if (!p || pad) {
				if (ignore && !pad)
					continue;
				fprintf(stderr, "%s: invalid input\n", prog);
				close_in(f);
				return 1;
			}
			acc = (acc << 6) | (unsigned int)(p - b64);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				putchar((int)((acc >> bits) & 0xff));
			}
		}
	} else {
		unsigned char in[3];
		size_t n;
		long long col = 0;
		while ((n = fread(in, 1, 3, f)) > 0) {
			char out[4];
			unsigned int v = (unsigned int)in[0] << 16 | (n > 1 ? in[1] << 8 : 0) | (n > 2 ? in[2] : 0);
			out[0] = b64[v >> 18 & 63];
			out[1] = b64[v >> 12 & 63];
			out[2] = n > 1 ? b64[v >> 6 & 63] : '=';
			out[3] = n > 2 ? b64[v & 63] : '=';
			for (int k = 0; k < 4; k++) {
				if (wrap && col == wrap) {
					putchar('\n');
					col = 0;
				}
				putchar(out[k]);
				col++;
			}
			if (n < 3)
				break;
		}
		if (col && wrap)
			putchar('\n');
	}
	close_in(f);
	return 0;
}

/* ---- seq [-s SEP] [-w] [FIRST [INC]] LAST ---------------------------- */

static int decimals(const char *s) {
	const char *dot = strchr(s, '.');
	if (!dot || strpbrk(s, "eE"))
		return 0;
	return (int)strspn(dot + 1, "0123456789");
}

static int cmd_seq(int argc, char **argv) {
	const char *sep = "\n";
	int opt, width = 0, prec = 0, i;
	double v[3] = {1, 1, 0};
	/* Negative numbers are operands, not options. */
	while (optind < argc && argv[optind][0] == '-' && !isdigit((unsigned char)argv[optind][1]) &&
	       argv[optind][1] != '.' && (opt = getopt(argc, argv, "s:w")) != -1) {
		if (opt == 's')
			sep = optarg;
		else if (opt == 'w')
			width = 1;
		else
			return usage("[-s SEP] [-w] [FIRST [INC]] LAST");
	}
	int nargs = argc - optind;
	if (nargs < 1 || nargs > 3)
		return usage("[-s SEP] [-w] [FIRST [INC]] LAST");
	for (i = 0; i < nargs; i++) {
		char *end;
		double d = strtod(argv[optind + i], &end);
		if (end == argv[optind + i] || *end) {
			warnx("invalid number '%s'", argv[optind + i]);
			return 1;
		}
		int slot = nargs == 1 ? 2 : nargs == 2 ? (i == 0 ? 0 : 2) : i;
		v[slot] = d;
		if (decimals(argv[optind + i]) > prec)
			prec = decimals(argv[optind + i]);
	}
	if (v[1] == 0) {
		warnx("increment must not be %s", "zero");
		return 1;
	}
	int w = 0;
	if (width) {
		char tmp[64];
		int a = snprintf(tmp, sizeof tmp, "%.*f", prec, v[0]);
		int b = snprintf(tmp, sizeof tmp, "%.*f", prec, v[2]);
		w = a > b ? a : b;
	}
	int first = 1;
	for (long long k = 0;; k++) {
		double x = v[0] + (double)k * v[1];
		if ((v[1] > 0 && x > v[2] + 1e-9) || (v[1] < 0 && x < v[2] - 1e-9))
			break;
		if (!first)
			fputs(sep, stdout);
		first = 0;
		printf(width ? "%0*.*f" : "%*.*f", w, prec, x);
	}
	if (!first)
		putchar('\n');
	return 0;
}

/* ---- tee [-a] FILE... ------------------------------------------------ */

static int cmd_tee(int argc, char **argv) {
	int opt, append = 0, rc = 0, i, nf;
	static char buf[65536];
	FILE **out;
	size_t n;
	while ((opt = getopt(argc, argv, "ai")) != -1) {
		if (opt == 'a')
			append = 1;
		else if (opt != 'i')
			return usage("[-a] [FILE...]");
	}
	nf = argc - optind;
	out = xrealloc(NULL, (size_t)(nf + 1) * sizeof *out);
	for (i = 0; i < nf; i++) {
		out[i] = fopen(argv[optind + i], append ? "a" : "w");
		if (!out[i]) {
			warn_path(argv[optind + i]);
			rc = 1;
		}
	}
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		fwrite(buf, 1, n, stdout);
		for (i = 0; i < nf; i++)
			if (out[i] && fwrite(buf, 1, n, out[i]) != n) {
				warn_path(argv[optind + i]);
				fclose(out[i]);
				out[i] = NULL;
				rc = 1;
			}
	}
	for (i = 0; i < nf; i++)
		if (out[i] && fclose(out[i]) != 0) {
			warn_path(argv[optind + i]);
			rc = 1;
		}
	free(out);
	return rc;
}

/* ---- mkdir [-p] DIR..., rm [-rf] PATH..., touch FILE... ------------- */

static int mkdir_p(char *path) {
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int cmd_mkdir(int argc, char **argv) {
	int opt, parents = 0, rc = 0;
	while ((opt = getopt(argc, argv, "p")) != -1) {
		if (opt == 'p')
			parents = 1;
		else
			return usage("[-p] DIR...");
	}
	if (optind == argc)
		return usage("[-p] DIR...");
	for (int i = optind; i < argc; i++)
		if ((parents ? mkdir_p(argv[i]) : mkdir(argv[i], 0755)) != 0) {
			warn_path(argv[i]);
			rc = 1;
		}
	return rc;
}

static int rm_path(const char *path, int recursive, int force) {
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (force && errno == ENOENT)
			return 0;
		warn_path(path);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			warnx("%s: is a directory", path);
			return 1;
		}
		DIR *d = opendir(path);
		struct dirent *e;
		int rc = 0;
		if (!d) {
			warn_path(path);
			return 1;
		}
		/* Collect names first: removing while reading is unspecified. */
		char **names = NULL;
		size_t n = 0;
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			names = xrealloc(names, (n + 1) * sizeof *names);
			size_t len = strlen(path) + strlen(e->d_name) + 2;
			names[n] = xrealloc(NULL, len);
			snprintf(names[n], len, "%s/%s", path, e->d_name);
			n++;
		}
		closedir(d);
		for (size_t k = 0; k < n; k++) {
			rc |= rm_path(names[k], recursive, force);
			free(names[k]);
		}
		free(names);
		if (rmdir(path) != 0) {
			warn_path(path);
			return 1;
		}
		return rc;
	}
	if (unlink(path) != 0) {
		warn_path(path);
		return 1;
	}
	return 0;
}

static int cmd_rm(int argc, char **argv) {
	int opt, recursive = 0, force = 0, rc = 0;
	while ((opt = getopt(argc, argv, "rRf")) != -1) {
		if (opt == 'f')
			force = 1;
		else if (opt == 'r' || opt == 'R')
			recursive = 1;
		else
			return usage("[-rf] PATH...");
	}
	if (optind == argc && !force)
		return usage("[-rf] PATH...");
	for (int i = optind; i < argc; i++)
		rc |= rm_path(argv[i], recursive, force);
	return rc;
}

static int cmd_touch(int argc, char **argv) {
	int rc = 0;
	if (argc < 2)
		return usage("FILE...");
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | O_CREAT, 0644);
		if (fd < 0) {
			warn_path(argv[i]);
			rc = 1;
			continue;
		}
		futimens(fd, NULL);
		close(fd);
	}
	return rc;
}

/* ---- dispatch -------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
	{"base64", cmd_base64}, {"cat", cmd_cat},     {"echo", cmd_echo},
	{"false", cmd_false},   {"grep", cmd_grep},   {"head", cmd_head},
	{"ls", cmd_ls},         {"mkdir", cmd_mkdir}, {"rm", cmd_rm},
	{"seq", cmd_seq},       {"sha256sum", cmd_sha256sum},
	{"sort", cmd_sort},     {"tail", cmd_tail},   {"tee", cmd_tee},
	{"touch", cmd_touch},   {"tr", cmd_tr},       {"true", cmd_true},
	{"uniq", cmd_uniq},     {"wc", cmd_wc},
};

int main(int argc, char **argv) {
	const char *name = argc > 0 ? argv[0] : "commands";
	const char *slash = strrchr(name, '/');
	if (slash)
		name = slash + 1;
	if (strcmp(name, "commands") == 0) {
		if (argc < 2) {
			fputs("usage: commands NAME [ARG...]\ncommands:", stderr);
			for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
				fprintf(stderr, " %s", cmds[i].name);
			fputc('\n', stderr);
			return 2;
		}
		argc--, argv++;
		name = argv[0];
	}
	prog = name;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(cmds[i].name, name) == 0) {
			int rc = cmds[i].fn(argc, argv);
			if (fflush(stdout) != 0 && rc == 0)
				rc = 1;
			return rc;
		}
	}
	fprintf(stderr, "%s: command not found\n", name);
	return 127;
}
