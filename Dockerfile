# Tocsin worker image: the locked runtime dependencies only (uv.lock, hashes pinned), no dev tools.
FROM python:3.11-slim

# Same uv as the Makefile's UV_VERSION (tests/test_docker_compose.py checks they match).
RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.8

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PYTHONUNBUFFERED=1 \
    PATH="/app/.venv/bin:$PATH"
WORKDIR /app

# Dependencies first (a layer that survives source edits), then the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY services ./services
RUN uv sync --frozen --no-dev --no-editable

RUN useradd --create-home --uid 10001 tocsin && mkdir -p /app/var/worker && chown -R tocsin /app/var
USER tocsin
WORKDIR /app/var

ENV TOCSIN_KAFKA_BOOTSTRAP=kafka:19092 \
    TOCSIN_WEB_HOST=0.0.0.0 \
    TOCSIN_WEB_PORT=6066 \
    TOCSIN_DATA_DIR=/app/var/worker
EXPOSE 6066
ENTRYPOINT ["tocsin"]
CMD ["worker"]
