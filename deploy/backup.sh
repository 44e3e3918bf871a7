#!/usr/bin/env bash
# Back up the portal into a new folder under DEST: the database (pg_dump -Fc), the files
# store when it is a local folder (with PORTAL_STORAGE_BACKEND=database the PDFs are in
# the dump), and the secret key. Run with the portal's environment, e.g.
#   set -a; . /etc/portal/portal.env; . /etc/portal/secret.env; set +a
#   deploy/backup.sh /var/backups/portal
# The folder holds the secret key: keep it as safe as the key itself (it is made 0700).
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR}
: "${PORTAL_DATABASE_URL:?set PORTAL_DATABASE_URL (a PostgreSQL URL)}"
instance=${PORTAL_INSTANCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/instance}
out="$dest/portal-$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
mkdir -p "$out"

# SQLAlchemy's driver suffix is not part of a libpq address.
pg_dump --format=custom --no-owner --file="$out/database.dump" \
    --dbname="${PORTAL_DATABASE_URL/+psycopg/}"

if [ "${PORTAL_STORAGE_BACKEND:-local}" = local ]; then
    files=${PORTAL_STORAGE_DIR:-$instance/files}
    mkdir -p "$files"
    tar --create --file="$out/files.tar" --directory="$files" .
fi

if [ -n "${PORTAL_SECRET_KEY:-}" ]; then
    printf '%s\n' "$PORTAL_SECRET_KEY" > "$out/secret_key"
else
    cp "$instance/secret_key" "$out/secret_key"
fi

(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "$out"
