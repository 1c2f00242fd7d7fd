# syntax=docker/dockerfile:1
# Inclusiekaart: multi-stage build. The binary needs cgo (mattn/go-sqlite3),
# so it is built on Debian with gcc and runs on distroless/cc (glibc, no
# shell, non-root). Leaflet comes from npm in the build stage (package-lock.json).
#   docker build -t inclusiekaart .
#   docker run -p 8080:8080 -v ik-data:/data inclusiekaart
FROM golang:1.26-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum package.json package-lock.json ./
RUN go mod download && npm ci --no-audit --no-fund
COPY . .
RUN sh scripts/vendor.sh \
 && CGO_ENABLED=1 go build -trimpath -ldflags '-s -w' -tags 'sqlite_omit_load_extension' -o /out/inclusiekaart ./cmd/inclusiekaart \
 && mkdir -p /out/data/releases

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/inclusiekaart /usr/local/bin/inclusiekaart
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot:nonroot
WORKDIR /data
ENV INCLUSIEKAART_DB=/data/inclusiekaart.db \
    INCLUSIEKAART_RELEASES=/data/releases \
    INCLUSIEKAART_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
# The database is created by `import boundaries` (see docs/deploy.md); /readyz
# answers 200 once it holds boundaries.
ENTRYPOINT ["/usr/local/bin/inclusiekaart"]
CMD ["serve"]
