"""Rules for a subscriber's callback URL; each refusal names the rule it broke."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def callback_fout(url: str, *, require_https: bool) -> str | None:
    """Why ``url`` cannot be a callback URL, or None when it can."""
    if len(url) > MAX_LENGTH:
        return f"callbackUrl: at most {MAX_LENGTH} characters"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "callbackUrl: no whitespace or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "callbackUrl: not a valid URL"
    scheme = parts.scheme.lower()
    if require_https and scheme != "https":
        return "callbackUrl: https is required"
    if scheme not in ("http", "https"):
        return "callbackUrl: only http and https URLs are allowed"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "callbackUrl: credentials in the URL are not allowed (use auth)"
    if not parts.hostname:
        return "callbackUrl: a host is required"
    if parts.fragment:
        return "callbackUrl: no fragment allowed"
    return None
