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
# Sandboxing inside a container. The worker runs as uid 10001, so its
# sidecars map that id as root of their own user namespaces. Docker's
# default seccomp profile refuses user namespaces (and mounts), so under it
# sidecars get no namespace and no private root: the worker logs one WARN
# per missing layer, and sidecars keep Landlock (where the kernel has it),
# their seccomp allow-list, no_new_privs and rlimits; cgroups need a
# writable, delegated hierarchy, which an unprivileged container lacks.
# Every result's "sandbox" field lists what applied and what is missing.
# For every layer, let the worker make namespaces and mount a /proc of its
# own (compose: security_opt [seccomp=unconfined, apparmor=unconfined,
# systempaths=unconfined]) on a kernel that allows unprivileged user
# namespaces, and give it a delegated cgroup for the memory line; then
# `--sandbox strict` (NATSEXEC_SANDBOX=strict) refuses any sidecar that
# still lacks one.

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
