# syntax=docker/dockerfile:1
#
# natsexec images: worker (the default target) and submit.
#
#   docker build -t natsexec/worker .
#   docker build -t natsexec/submit --target submit .
#
# One binary per image is enough: the worker starts its sidecars by
# re-executing /proc/self/exe with the sidecar subcommand, so nothing else
# has to be on the image.
#
# Sandboxing inside a container. Under Docker's default seccomp profile and
# without CAP_SYS_ADMIN, the sidecars' namespaces (a network namespace with
# only a down loopback, private IPC and UTS) are refused: the worker logs
#   "sidecar namespaces unavailable; sidecars keep the host network namespace
#    (seccomp still denies sockets)"
# once and carries on. Memory cgroups need a writable cgroup hierarchy with
# the memory controller delegated, which an unprivileged container does not
# have (/sys/fs/cgroup is read-only): the worker logs
#   "memory cgroups unavailable; sidecar memory is bounded by its
#    address-space rlimit only"
# and sidecars keep their rlimits, no_new_privs and their own seccomp filter
# (installing a filter is allowed by Docker's profile).
# To get the namespaces, run the worker as root with CAP_SYS_ADMIN
# (compose: `user: "0"` and `cap_add: [SYS_ADMIN]`; Docker's default seccomp
# profile allows clone/unshare with namespace flags once SYS_ADMIN is
# granted). Per-sidecar memory cgroups additionally need a writable,
# delegated cgroup (e.g. `privileged: true`, which also lifts seccomp: a
# trade to make knowingly). `--sandbox strict` makes any missing layer an
# error instead of a warning.

ARG GO_VERSION=1.26
ARG ALPINE_VERSION=3.22

FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/worker ./cmd/worker && \
    go build -trimpath -ldflags="-s -w" -o /out/submit ./cmd/submit

# alpine rather than scratch: busybox wget serves the compose healthchecks.
FROM alpine:${ALPINE_VERSION} AS base
RUN adduser -D -H -u 10001 natsexec && \
    mkdir -p /var/lib/natsexec && chown natsexec:natsexec /var/lib/natsexec
ENV NATSEXEC_DATA_DIR=/var/lib/natsexec
USER 10001

FROM base AS submit
COPY --from=build /out/submit /usr/local/bin/submit
ENTRYPOINT ["/usr/local/bin/submit"]
CMD ["help"]

# Last, so a plain `docker build .` gives the worker.
FROM base AS worker
COPY --from=build /out/worker /usr/local/bin/worker
# Prometheus metrics with --metrics-addr :9464.
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:9464/metrics || exit 1
ENTRYPOINT ["/usr/local/bin/worker"]
CMD ["--metrics-addr", ":9464"]
