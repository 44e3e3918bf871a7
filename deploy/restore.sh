#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database, then verify it:
#   createdb portal_restored
#   PORTAL_DATABASE_URL=postgresql+psycopg://portal@db/portal_restored \
#       deploy/restore.sh /var/backups/portal/portal-20270708T020000Z
# Restores the files store when the backup has one (into PORTAL_STORAGE_DIR), puts the
# secret key back (into secret.env by hand, or the instance folder when that is where it
# lived), then runs `flask ops verify`: every PDF's SHA-256 and every statement's
# fingerprint are recomputed; a mismatch makes this script fail.
set -euo pipefail
backup=${1:?usage: restore.sh BACKUP_DIR}
: "${PORTAL_DATABASE_URL:?set PORTAL_DATABASE_URL (the new, empty database)}"
here=$(cd "$(dirname "$0")/.." && pwd)
instance=${PORTAL_INSTANCE_DIR:-$here/instance}
flask=${FLASK:-$here/.venv/bin/flask}

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --exit-on-error --dbname="${PORTAL_DATABASE_URL/+psycopg/}" \
    "$backup/database.dump"

if [ -f "$backup/files.tar" ]; then
    files=${PORTAL_STORAGE_DIR:-$instance/files}
    mkdir -p "$files"
    tar --extract --file="$backup/files.tar" --directory="$files"
fi

if [ -z "${PORTAL_SECRET_KEY:-}" ] && [ ! -e "$instance/secret_key" ]; then
    mkdir -p "$instance"
    install -m 600 "$backup/secret_key" "$instance/secret_key"
fi

cd "$here"
"$flask" --app wsgi ops verify
