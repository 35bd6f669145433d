# One image for web, worker and beat; run from the repo root so `skm` is importable.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SKM_INSTANCE_PATH=/data/instance
WORKDIR /app
COPY pyproject.toml README.md ./
COPY skm ./skm
RUN pip install --no-cache-dir .
COPY . .
RUN pip install --no-cache-dir --no-deps -e . && useradd --create-home skm && mkdir -p /data && chown skm /data
USER skm
EXPOSE 8000
CMD ["gunicorn", "skm:create_app()"]  # settings: gunicorn.conf.py
