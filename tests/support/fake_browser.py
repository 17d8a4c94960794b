#!/usr/bin/env python3
"""A stand-in browser for login tests: follows the sign-in URL's redirects to the loopback
callback, the way a browser would. With --tamper-state it first delivers the callback with a
forged state (which must be refused) and then the real one. With --head-first it first sends
a HEAD to the callback with a wrong code (a link preview), which must not count."""
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, follow=True):
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(url, timeout=10)
    except urllib.error.HTTPError as e:
        return e
    except Exception:
        return None


def with_param(location, key, value):
    """The callback address with one query parameter replaced."""
    parts = urllib.parse.urlsplit(location)
    query = [(k, value if k == key else v) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def head(url):
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10)
    except Exception:
        pass


args = sys.argv[1:]
url = [a for a in args if not a.startswith("--")][-1]
# Before the real callback: a forged state (refused), or a link preview's HEAD with a wrong code.
before = None
if "--tamper-state" in args:
    before = lambda location: get(with_param(location, "state", "forged"))
elif "--head-first" in args:
    before = lambda location: head(with_param(location, "code", "preview-code"))
if before:
    first = get(url, follow=False)
    location = first.headers.get("Location") if first is not None else None
    if location:
        before(location)
        get(location)
        sys.exit(0)
get(url)
