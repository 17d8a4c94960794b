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


args = sys.argv[1:]
tamper = "--tamper-state" in args
head_first = "--head-first" in args
url = [a for a in args if not a.startswith("--")][-1]
if tamper:
    first = get(url, follow=False)
    location = first.headers.get("Location") if first is not None else None
    if location:
        parts = urllib.parse.urlsplit(location)
        query = [(k, "forged" if k == "state" else v) for k, v in urllib.parse.parse_qsl(parts.query)]
        get(urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query))))
        get(location)
        sys.exit(0)
if head_first:
    first = get(url, follow=False)
    location = first.headers.get("Location") if first is not None else None
    if location:
        parts = urllib.parse.urlsplit(location)
        query = [(k, "preview-code" if k == "code" else v) for k, v in urllib.parse.parse_qsl(parts.query)]
        preview = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
        try:
            urllib.request.urlopen(urllib.request.Request(preview, method="HEAD"), timeout=10)
        except Exception:
            pass
        get(location)
        sys.exit(0)
get(url)
