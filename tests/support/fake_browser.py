#!/usr/bin/env python3
"""A stand-in browser for login tests: follows the sign-in URL's redirects to the loopback
callback, the way a browser would. With --tamper-state it first delivers the callback with a
forged state (which must be refused) and then the real one. With --head-first it first sends
a HEAD to the callback with a wrong code (a link preview), which must not count. A page that
is a form (an IdP's self-submitting HTTP-POST binding, or the rehearsal's Okta sign-in page)
is submitted as a browser submits it: with the values it holds, a relative action resolved
against the page's address, and the page's origin as Referer (a cross-origin request's default
referrer policy). --set NAME=VALUE changes a field first, as a person typing into it would.
--save-saml FILE writes the SAMLResponse the IdP posts (base64-decoded) to FILE as it passes;
--tamper-saml OLD=NEW changes its XML on the way, as an attacker between the IdP and Cognito
would. --save-request FILE writes the address the hosted UI sends the browser to first (the
IdP's, with the SAML request in its query); --save-page FILE writes the last page shown that
holds no form (where a refused sign-in stops)."""
import base64
import re
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


def submit_forms(response, url, depth=0):
    """Posts a page's self-submitting form, and the next one's, the way a browser would."""
    if response is None or depth > 5:
        return
    try:
        page = response.read(1 << 20).decode("utf-8", "replace")
    except Exception:
        return
    form = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page, re.S | re.I)
    if not form:
        if SAVE_PAGE:
            open(SAVE_PAGE, "w").write(page)
        return
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(2)))
    fields = {k: v.replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&") for k, v in fields.items()}
    for name, value in OVERRIDES.items():
        if name in fields:
            fields[name] = value
    if "SAMLResponse" in fields and (SAVE_SAML or TAMPER):
        xml = base64.b64decode(fields["SAMLResponse"]).decode("utf-8")
        if SAVE_SAML:
            open(SAVE_SAML, "w").write(xml)
        if TAMPER:
            xml = xml.replace(TAMPER[0], TAMPER[1])
            fields["SAMLResponse"] = base64.b64encode(xml.encode("utf-8")).decode()
    page_url = response.geturl() if hasattr(response, "geturl") else url
    parts = urllib.parse.urlsplit(page_url)
    action = urllib.parse.urljoin(page_url, form.group(1).replace("&amp;", "&"))
    request = urllib.request.Request(
        action,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": f"{parts.scheme}://{parts.netloc}/"},
        method="POST",
    )
    try:
        nxt = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as e:
        nxt = e
    except Exception:
        return
    submit_forms(nxt, action, depth + 1)


args = sys.argv[1:]
OVERRIDES = {}
while "--set" in args:
    i = args.index("--set")
    name, _, value = args[i + 1].partition("=")
    OVERRIDES[name] = value
    del args[i : i + 2]
SAVE_SAML = None
if "--save-saml" in args:
    i = args.index("--save-saml")
    SAVE_SAML = args[i + 1]
    del args[i : i + 2]
TAMPER = None
if "--tamper-saml" in args:
    i = args.index("--tamper-saml")
    TAMPER = tuple(args[i + 1].split("=", 1))
    del args[i : i + 2]
SAVE_REQUEST = None
if "--save-request" in args:
    i = args.index("--save-request")
    SAVE_REQUEST = args[i + 1]
    del args[i : i + 2]
SAVE_PAGE = None
if "--save-page" in args:
    i = args.index("--save-page")
    SAVE_PAGE = args[i + 1]
    del args[i : i + 2]
url = [a for a in args if not a.startswith("--")][-1]
if SAVE_REQUEST:
    first = get(url, follow=False)
    location = first.headers.get("Location") if first is not None else None
    open(SAVE_REQUEST, "w").write(location or "")
    if location:
        submit_forms(get(location), location)
        sys.exit(0)
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
submit_forms(get(url), url)
