/*
 * hostile.wasm: a test fixture that tries, on command, the things a bad
 * guest would try. argv[1] names the attempt; see guest/wasm_test.go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int report(const char *what, int ok) {
	if (ok)
		printf("%s: ok\n", what);
	else
		printf("%s: %s\n", what, strerror(errno));
	return ok;
}

static int cat(const char *path) {
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);
	if (!report("open", fd >= 0))
		return 1;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0;
}

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "symlink")) {
		/* symlink(target, linkpath) to a host file, then read through it. */
		report("symlink", symlink(argc > 2 ? argv[2] : "/etc/passwd", "link") == 0);
		return cat("link");
	}
	if (!strcmp(mode, "hardlink")) {
		report("link", link(argc > 2 ? argv[2] : "seed.txt", "hard") == 0);
		return cat("hard");
	}
	if (!strcmp(mode, "read") && argc > 2)
		return cat(argv[2]);
	if (!strcmp(mode, "write") && argc > 3) {
		static char buf[65536];
		long long want = atoll(argv[3]), done = 0;
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (!report("open", fd >= 0))
			return 1;
		memset(buf, 'x', sizeof buf);
		while (done < want) {
			size_t n = want - done < (long long)sizeof buf ? (size_t)(want - done) : sizeof buf;
			ssize_t w = write(fd, buf, n);
			if (w < 0) {
				report("write", 0);
				return 1;
			}
			done += w;
		}
		close(fd);
		printf("wrote %lld\n", done);
		return 0;
	}
	if (!strcmp(mode, "pwrite") && argc > 3) {
		/* One byte far past the end: a sparse file as large as the offset. */
		int fd = open(argv[2], O_WRONLY | O_CREAT, 0644);
		if (!report("open", fd >= 0))
			return 1;
		if (!report("pwrite", pwrite(fd, "x", 1, atoll(argv[3])) == 1))
			return 1;
		if (!report("ftruncate", ftruncate(fd, atoll(argv[3]) * 2) == 0))
			return 1;
		return 0;
	}
	if (!strcmp(mode, "malloc")) {
		/* Chain the blocks through a volatile head, or the compiler drops
		 * the unused allocations and the loop never ends. */
		static void *volatile head;
		size_t total = 0;
		for (;;) {
			char *p = malloc(1 << 20);
			if (!p) {
				fprintf(stderr, "malloc failed after %zu MiB\n", total >> 20);
				abort();
			}
			memset(p, 1, 1 << 20);
			*(void **)p = head;
			head = p;
			total += 1 << 20;
		}
	}
	if (!strcmp(mode, "grow")) {
		for (;;) {
			if (__builtin_wasm_memory_grow(0, 16) == (size_t)-1) {
				printf("grow refused at %zu pages\n", __builtin_wasm_memory_size(0));
				return 3;
			}
		}
	}
	if (!strcmp(mode, "spin")) {
		volatile unsigned long n = 0;
		for (;;)
			n++;
	}
	if (!strcmp(mode, "flood")) {
		static char buf[4096];
		memset(buf, 'y', sizeof buf);
		for (;;)
			fwrite(buf, 1, sizeof buf, !strcmp(argc > 2 ? argv[2] : "", "stderr") ? stderr : stdout);
	}
	if (!strcmp(mode, "exit") && argc > 2)
		exit(atoi(argv[2]));
	if (!strcmp(mode, "trap"))
		__builtin_trap();
	if (!strcmp(mode, "env")) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	if (!strcmp(mode, "args")) {
		for (int i = 0; i < argc; i++)
			puts(argv[i]);
		return 0;
	}
	if (!strcmp(mode, "clock")) {
		struct timespec a, b, m1, m2;
		clock_gettime(CLOCK_REALTIME, &a);
		clock_gettime(CLOCK_MONOTONIC, &m1);
		for (volatile int i = 0; i < 1000000; i++)
			;
		clock_gettime(CLOCK_REALTIME, &b);
		clock_gettime(CLOCK_MONOTONIC, &m2);
		printf("%lld %lld %lld %lld\n", (long long)a.tv_sec * 1000000000LL + a.tv_nsec,
		       (long long)b.tv_sec * 1000000000LL + b.tv_nsec, (long long)m1.tv_sec * 1000000000LL + m1.tv_nsec,
		       (long long)m2.tv_sec * 1000000000LL + m2.tv_nsec);
		return 0;
	}
	if (!strcmp(mode, "sleep") && argc > 2) {
		struct timespec ts = {atoi(argv[2]) / 1000, (atoi(argv[2]) % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		puts("slept");
		return 0;
	}
	if (!strcmp(mode, "stdin")) {
		int c;
		while ((c = getchar()) != EOF)
			putchar(c);
		return 0;
	}
	fprintf(stderr, "hostile: unknown mode %s\n", mode);
	return 2;
}
