# twitch-triage-bot. Build and run (see README, "Deployment"):
#   docker build -t twitch-triage-bot .
#   docker run -d --name twitch-triage-bot --env-file .env -v twitch-data:/app/data \
#       twitch-triage-bot
# Webhook mode: add -e WEBHOOK_LISTEN=0.0.0.0 -p 127.0.0.1:8443:8443 and the WEBHOOK_ settings.

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A fixed uid, so files in the data volume keep one owner across rebuilds.
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /app --shell /usr/sbin/nologin bot

WORKDIR /app

# Dependencies and package first: this layer is rebuilt only when they change.
COPY pyproject.toml README.md ./
COPY tgbot ./tgbot
RUN pip install .

COPY bot.py ./
COPY content ./content

# The database lives in the volume; everything else in the image stays read-only for the bot.
RUN mkdir -p /app/data && chown bot:bot /app/data
VOLUME ["/app/data"]

# docker stop waits 10 s by default before SIGKILL: the bot finishes in-flight work before that.
# MPLCONFIGDIR: matplotlib's font cache (the document process) in a folder the bot may write.
ENV DATABASE_PATH=/app/data/bot.sqlite3 \
    CONTENT_DIR=/app/content \
    SHUTDOWN_TIMEOUT=8 \
    MPLCONFIGDIR=/tmp/matplotlib

USER bot

# Webhook mode only (set WEBHOOK_LISTEN=0.0.0.0 in the container).
EXPOSE 8443

# Polling: the database opens with the current schema and content/ loads.
# Webhook mode: the running bot's /healthz (database, content, scheduler).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "bot.py", "health"]

# The bot handles SIGTERM itself (a clean stop), so it runs as PID 1 without a shell.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "bot.py"]
CMD ["run"]
