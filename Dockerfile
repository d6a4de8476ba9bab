# Production image of the gmd API: `docker build -t gmd .`, or `docker compose up` (see
# docker-compose.yml). The binary embeds its migrations and Swagger UI, so the runtime stage
# needs the binary and the built single-page app.

# --- frontend -----------------------------------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- builder -----------------------------------------------------------------------------
FROM rust:1-bookworm AS builder
# The commit /health/live and /metrics name (.git is not in the build context):
#   docker compose build --build-arg GMD_BUILD=$(git rev-parse --short=10 HEAD)
ARG GMD_BUILD=
ENV GMD_BUILD=${GMD_BUILD}
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p gmd-api --bin gmd \
 && install -m 0755 target/release/gmd /usr/local/bin/gmd

# --- runtime -----------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 --home-dir /var/lib/gmd --shell /usr/sbin/nologin gmd \
 && mkdir -p /var/lib/gmd \
 && chown gmd:gmd /var/lib/gmd
COPY --from=builder /usr/local/bin/gmd /usr/local/bin/gmd
COPY --from=frontend /src/frontend/dist /usr/share/gmd/frontend
# MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena; with the request
# workers and the blocking pool that left peak memory ~20% higher under load
# (tests/load/README.md, "Under real load"). gmd keeps two by itself; this says so here too.
ENV DATA_DIR=/var/lib/gmd \
    FRONTEND_DIR=/usr/share/gmd/frontend \
    BIND=0.0.0.0:8080 \
    RUST_LOG=info \
    MALLOC_ARENA_MAX=2
VOLUME ["/var/lib/gmd"]
USER gmd
WORKDIR /var/lib/gmd
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["/usr/local/bin/gmd"]
CMD ["serve"]
