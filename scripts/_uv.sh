# Sourced by the scripts: makes sure uv is there (installed from PyPI with pip when missing).
if ! command -v uv >/dev/null 2>&1; then
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed (python3 is $(python3 --version 2>&1))" >&2
    exit 1
  fi
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi
