# syntax=docker/dockerfile:1
#
# exportwatch: a static binary (CGO_ENABLED=0; SQLite is modernc.org/sqlite,
# pure Go) on distroless, running as the image's non-root user (65532) with
# its data in the /data volume.
#
#   docker build -t exportwatch .                  # the service (default target)
#   docker build --target fakefr -t fakefr .       # the fake Federal Register
#   docker compose up -d                           # see docker-compose.yml
#
# Health check: distroless has no shell, curl or wget, and a healthcheck
# subcommand would belong to cmd/exportwatch. So the image carries
# deploy/healthcheck, a ~5 MB static standard-library probe that GETs
# /healthz and exits 0 on 2xx. That keeps the runtime image free of a shell
# and a package manager (alpine + busybox wget would add both) and the probe
# is tested like the rest of the code.

FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOOS=linux GOFLAGS=-trimpath
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags="-s -w" -o /out/exportwatch ./cmd/exportwatch && \
    go build -ldflags="-s -w" -o /out/fakefr ./cmd/fakefr && \
    go build -ldflags="-s -w" -o /out/healthcheck ./deploy/healthcheck && \
    mkdir -p /out/data

# The fake Federal Register (its recorded corpus is embedded in the binary),
# for trying exportwatch offline: docker compose --profile offline up.
FROM gcr.io/distroless/static-debian12:nonroot AS fakefr
COPY --from=build /out/fakefr /out/healthcheck /usr/local/bin/
USER 65532:65532
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/healthcheck", "http://127.0.0.1:8090/api/v1/public-inspection-documents/current.json"]
ENTRYPOINT ["/usr/local/bin/fakefr"]
CMD ["-listen", "0.0.0.0:8090"]

# The service (default target).
FROM gcr.io/distroless/static-debian12:nonroot AS exportwatch
COPY --from=build /out/exportwatch /out/fakefr /out/healthcheck /usr/local/bin/
COPY deploy/exportwatch.yaml deploy/offline.yaml /etc/exportwatch/
# An empty /data owned by the runtime user: a new named volume copies this
# ownership, so the non-root process can create its SQLite file and index.
COPY --from=build --chown=65532:65532 /out/data /data
# The environment overrides win over any mounted config file, so the service
# always listens on the container's interfaces and keeps its data in /data.
ENV EXPORTWATCH_CONFIG=/etc/exportwatch/exportwatch.yaml \
    EXPORTWATCH_LISTEN=0.0.0.0:8080 \
    EXPORTWATCH_DATA_DIR=/data
WORKDIR /data
USER 65532:65532
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/healthcheck", "http://127.0.0.1:8080/healthz"]
# serve stops cleanly on SIGTERM (docker stop): it finishes the running crawl
# page, stops HTTP, drains the senders and closes the index and database.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/exportwatch"]
CMD ["serve"]
