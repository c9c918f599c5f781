# One image for every madoguchi process (worker, watcher, beat) and the sandbox.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY madoguchi ./madoguchi
RUN pip install --no-cache-dir .

RUN useradd --create-home --uid 1000 madoguchi
USER madoguchi
ENV MADOGUCHI_VAR_DIR=/home/madoguchi/var \
    MADOGUCHI_CHROMIUM_PATH=/usr/bin/chromium

ENTRYPOINT ["madoguchi"]
CMD ["--help"]
