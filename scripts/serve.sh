#!/usr/bin/env bash
# Production mode, the one way the app is started as a server: `make serve`, the CI's
# production stage and bench/load.py all run this.
#
#   scripts/serve.sh [--bind HOST:PORT] [--workers N] [--app-dir DIR] [--no-setup]
#
# Debug off, static files collected with the manifest, migrations and the cache table,
# then gunicorn (exec'd, so its pid is this script's). Settings come from the environment
# (README, "Configuration"). Without DJANGO_ALLOWED_HOSTS it is a trial on this machine:
# plain HTTP on loopback, so DJANGO_HTTPS defaults to 0 and the secret key is kept in var/.
# With DJANGO_ALLOWED_HOSTS set nothing is relaxed, and `check --deploy` must be clean.
set -euo pipefail

bind=127.0.0.1:8000
workers=${WEB_CONCURRENCY:-$((2 * $(nproc) + 1))}
app_dir=$(cd "$(dirname "$0")/.." && pwd)
setup=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --bind) bind=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --app-dir) app_dir=$(cd "$2" && pwd); shift 2 ;;
    --no-setup) setup=0; shift ;;
    *) echo "serve.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$app_dir"
py=.venv/bin/python

export DJANGO_DEBUG=0
export DJANGO_STATIC_MANIFEST=1
unset DJANGO_SETTINGS_MODULE
if [[ -z ${DJANGO_ALLOWED_HOSTS:-} ]]; then
  export DJANGO_HTTPS=${DJANGO_HTTPS:-0}
  if [[ -z ${DJANGO_SECRET_KEY:-} ]]; then
    mkdir -p var
    [[ -s var/secret_key ]] || (umask 077 && $py -c 'import secrets; print(secrets.token_urlsafe(50))' >var/secret_key)
    DJANGO_SECRET_KEY=$(cat var/secret_key)
    export DJANGO_SECRET_KEY
  fi
  echo "serve.sh: trial on this machine (no DJANGO_ALLOWED_HOSTS): DJANGO_HTTPS=$DJANGO_HTTPS" >&2
  check_level=ERROR
else
  check_level=WARNING
  if [[ ${DJANGO_HTTPS:-1} == 0 ]]; then
    # Plain HTTP only ever on this machine: a real host name with DJANGO_HTTPS=0 would send
    # the session cookie in clear and skip HSTS, so the server does not start.
    for host in ${DJANGO_ALLOWED_HOSTS//,/ }; do
      case $host in
        localhost|127.0.0.1|'[::1]'|::1) ;;
        *) echo "serve.sh: DJANGO_HTTPS=0 is only for loopback, but DJANGO_ALLOWED_HOSTS names $host; not starting." >&2
           exit 1 ;;
      esac
    done
    check_level=ERROR
  fi
fi

if [[ $setup == 1 ]]; then
  $py manage.py check --deploy --fail-level "$check_level"
  $py manage.py collectstatic --no-input --verbosity 0
  $py manage.py migrate --no-input --verbosity 0
  $py manage.py createcachetable
fi
echo "serve.sh: gunicorn on http://$bind with $workers workers ($app_dir)" >&2
exec .venv/bin/gunicorn ipsfidelity.wsgi --bind "$bind" --workers "$workers" --timeout 60 --no-control-socket
