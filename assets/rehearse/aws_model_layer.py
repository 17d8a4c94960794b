#!/usr/bin/env python3
"""moto in server mode behind AWS's published Cognito model.

moto accepts requests real Cognito refuses (a 140,000-character metadata file, a client name
with `!`, an empty DefaultRedirectURI), so a test against moto alone can pass with a request
AWS would answer with an error. Every request here is first checked against botocore's
`cognito-idp` model (`service-2.json`: required members, lengths, patterns, enums, list and
map sizes) and a violation is answered as AWS answers it (HTTP 400,
`InvalidParameterException`, "N validation errors detected: ..."), and written to the
violations log so the suite can show zero of them.

It also supplies what moto lacks and real Cognito does:
- `UserPoolTier` and `IssuerConfiguration` (given at CreateUserPool/UpdateUserPool, echoed
  by DescribeUserPool; the defaults are AWS's: ESSENTIALS, ORIGINAL);
- the feature plans: managed login (a version-2 domain, a branding style) on a LITE pool is
  `FeatureUnavailableInTierException`;
- managed login branding (`CreateManagedLoginBranding`, `DescribeManagedLoginBrandingByClient`:
  moto answers 500), with Cognito's `ManagedLoginBrandingExistsException` and
  `ResourceNotFoundException`;
- a SAML provider's `ActiveEncryptionCertificate` when `EncryptedResponses` is on (Cognito
  generates one per provider, valid ten years; moto has none), in DescribeIdentityProvider;
- `GetSigningCertificate`: the pool's signing certificate (one per pool, ten years; moto has
  no such call). `rotate_certificates` (POST /_aws_model/rotate, body {"UserPoolId": …})
  makes the pool's next yearly certificates, same key, as Cognito does once a year;
- a provider's `MetadataURL` fetched at CreateIdentityProvider/UpdateIdentityProvider, as
  Cognito does, refusing a non-200 answer (only loopback URLs are fetched: tests have no
  other network); the document read is what Cognito signs users in with until it reads the
  URL again (POST /_aws_model/provider_metadata, body {"UserPoolId", "ProviderName"}: the
  document and when it was read, for the rehearsal's hosted UI);
- `UpdateUserPoolClient` replaces the client: every setting the request leaves out is reset
  to its default before moto (which merges) sees it;
- a second provider of the same name is `DuplicateProviderException` (moto overwrites);
- domain rules: reserved words, one domain per pool, one pool per domain;
- a provider's encryption key (POST /_aws_model/encryption_key, body {"UserPoolId", "ProviderName"}):
  the rehearsal's hosted UI opens the assertions Okta encrypts for the provider with it, as
  Cognito does inside; and the pool's signing key (POST /_aws_model/signing_key, body
  {"UserPoolId"}), with which it signs the AuthnRequests of a provider that asks for it;
- Cognito's request-rate quotas, for the pools a test names (POST /_aws_model/quotas, body
  {"UserPoolId": …}; the answer counts the requests refused so far): 5 requests per second
  per pool for each operation, 15 per second across those pools for provider writes
  (`UserPoolResourceUpdate`), each held as "at most N in any one-second window" and answered
  beyond with `TooManyRequestsException`, as AWS answers
  (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html).

Usage: aws_model_layer.py PORT [VIOLATIONS_LOG]. Stops when its standard input closes.
Every import is at the top: rehearse runs this module's top level (not `main`) to decide
whether a Python can serve it, so a missing piece shows there and not at the first request.
"""
import base64
import datetime
import gzip
import io
import ipaddress
import json
import os
import sys
import threading
import time
from collections import deque
import urllib.error
import urllib.parse
import urllib.request
import uuid

import botocore
import regex
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

MODEL_PATH = os.path.join(
    os.path.dirname(botocore.__file__), "data", "cognito-idp", "2016-04-18", "service-2.json.gz"
)
MODEL = json.load(gzip.open(MODEL_PATH))
SHAPES = MODEL["shapes"]
TARGET_PREFIX = MODEL["metadata"]["targetPrefix"] + "."
PATTERNS = {}

# pool id -> {"UserPoolTier": ..., "IssuerConfiguration": {...}}
POOLS = {}
POOLS_LOCK = threading.Lock()
# (pool id, provider name) of every provider made through this layer (moto overwrites a duplicate)
PROVIDERS = set()
# domain -> pool id, for the domains made through this layer
DOMAINS = {}
# Domain -> its ManagedLoginVersion, which moto neither keeps nor reports. A domain created
# without one is the classic hosted UI (1), as Cognito's API makes it.
DOMAIN_VERSIONS = {}

# What an UpdateUserPoolClient that leaves a setting out sets it to (Cognito's defaults);
# members absent here (ClientName, DefaultRedirectURI, AnalyticsConfiguration,
# RefreshTokenRotation) have no value a request may carry as "unset".
# Cognito's defaults for a client's tokens, as DescribeUserPoolClient shows them: access and
# ID tokens one hour (60 minutes; the maximum is one day), refresh tokens 30 days.
TOKEN_DEFAULTS = {
    "RefreshTokenValidity": 30,
    "AccessTokenValidity": 60,
    "IdTokenValidity": 60,
    "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
}

CLIENT_RESETS = {
    **TOKEN_DEFAULTS,
    "ReadAttributes": [],
    "WriteAttributes": [],
    "ExplicitAuthFlows": [],
    "SupportedIdentityProviders": [],
    "CallbackURLs": [],
    "LogoutURLs": [],
    "AllowedOAuthFlows": [],
    "AllowedOAuthScopes": [],
    "AllowedOAuthFlowsUserPoolClient": False,
    "PreventUserExistenceErrors": "LEGACY",
    "EnableTokenRevocation": True,
    "AuthSessionValidity": 3,
}

RESERVED_DOMAIN_WORDS = ("aws", "amazon", "cognito")


def domain_refusal(action, body):
    """Cognito's domain rules, which moto lacks: (exception, message) or None."""
    domain = body.get("Domain", "")
    pool = body.get("UserPoolId")
    with POOLS_LOCK:
        if action == "CreateUserPoolDomain":
            if "." not in domain:
                for word in RESERVED_DOMAIN_WORDS:
                    if word in domain:
                        return ("InvalidParameterException", f"Domain cannot contain reserved word: {word}")
            owner = DOMAINS.get(domain)
            if owner is not None:
                return ("InvalidParameterException", "Domain already associated with another user pool.")
            # One prefix domain per pool (a custom domain may sit beside it).
            if "." not in domain and any(p == pool and "." not in d for d, p in DOMAINS.items()):
                return ("InvalidParameterException", "User pool already has a domain configured.")
        elif action == "DeleteUserPoolDomain":
            DOMAINS.pop(domain, None)
            DOMAIN_VERSIONS.pop(domain, None)
    return None


def provider_refusal(action, body):
    key = (body.get("UserPoolId"), body.get("ProviderName"))
    with POOLS_LOCK:
        if action == "CreateIdentityProvider" and key in PROVIDERS:
            return ("DuplicateProviderException", f"{key[1]} already exists in user pool {key[0]}")
        if action == "DeleteIdentityProvider":
            PROVIDERS.discard(key)
    return None


def remember_created(action, body):
    with POOLS_LOCK:
        if action == "CreateIdentityProvider":
            PROVIDERS.add((body.get("UserPoolId"), body.get("ProviderName")))
        elif action == "CreateUserPoolDomain":
            DOMAINS[body.get("Domain", "")] = body.get("UserPoolId")
            DOMAIN_VERSIONS[body.get("Domain", "")] = body.get("ManagedLoginVersion") or 1


def remember_metadata(action, body, fetched):
    """What Cognito signs users in with after a provider write: the document it just read
    from the MetadataURL; a write that names another source (a file) or none of its own
    (moto keeps the URL then) leaves it as it was; a deleted provider holds none."""
    key = (body.get("UserPoolId"), body.get("ProviderName"))
    details = body.get("ProviderDetails") or {}
    with POOLS_LOCK:
        if action == "DeleteIdentityProvider" or "MetadataFile" in details:
            FETCHED_METADATA.pop(key, None)
        elif fetched is not None:
            FETCHED_METADATA[key] = {"metadata": fetched, "fetchedAt": time.time()}


QUOTA_POOLS = set()
QUOTA_SENT = {}
QUOTA_THROTTLED = {}
PER_POOL_PER_OPERATION = 5
ACCOUNT_RESOURCE_UPDATES = 15
RESOURCE_UPDATES = ("CreateIdentityProvider", "UpdateIdentityProvider", "DeleteIdentityProvider")


def within_window(key, limit, now):
    """Whether one more request under `key` keeps its last second at `limit` or fewer."""
    sent = QUOTA_SENT.setdefault(key, deque())
    while sent and sent[0] + 1.0 <= now:
        sent.popleft()
    return len(sent) < limit


def quota_refusal(action, body):
    pool = body.get("UserPoolId")
    if pool not in QUOTA_POOLS:
        return None
    now = time.monotonic()
    keys = [((pool, action), PER_POOL_PER_OPERATION)]
    if action in RESOURCE_UPDATES:
        keys.append((("account", "UserPoolResourceUpdate"), ACCOUNT_RESOURCE_UPDATES))
    with POOLS_LOCK:
        if all(within_window(key, limit, now) for key, limit in keys):
            for key, _ in keys:
                QUOTA_SENT[key].append(now)
            return None
        QUOTA_THROTTLED[pool] = QUOTA_THROTTLED.get(pool, 0) + 1
    return ("TooManyRequestsException", "Too many requests")


def with_client_resets(body):
    full = dict(CLIENT_RESETS)
    full.update(body)
    return full


def with_token_defaults(body):
    """A new client's token validities: what the request gives, else Cognito's defaults (a
    validity given without its unit is in the documented default unit: hours, days)."""
    full = dict(body)
    units = dict(full.get("TokenValidityUnits") or {})
    for key, unit_key, unit in (
        ("AccessTokenValidity", "AccessToken", "hours"),
        ("IdTokenValidity", "IdToken", "hours"),
        ("RefreshTokenValidity", "RefreshToken", "days"),
    ):
        if key not in full:
            full[key] = TOKEN_DEFAULTS[key]
            units.setdefault(unit_key, TOKEN_DEFAULTS["TokenValidityUnits"][unit_key])
        else:
            units.setdefault(unit_key, unit)
    full["TokenValidityUnits"] = units
    return full


# (pool id, client id) -> the managed login branding style (moto has none of these calls)
BRANDING = {}


def pattern(p):
    if p not in PATTERNS:
        # AWS's patterns are Java regular expressions, matched against the whole value.
        PATTERNS[p] = regex.compile(p)
    return PATTERNS[p]


def shown(value):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:60] + f"… ({len(text)} characters)"


def lower_first(name):
    return name[:1].lower() + name[1:]


def check(shape_name, value, path, errors):
    shape = SHAPES[shape_name]
    kind = shape["type"]
    if shape.get("document"):
        # A document (a branding style's settings) is any JSON value.
        return
    if kind == "structure":
        if not isinstance(value, dict):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a structure")
            return
        members = shape.get("members", {})
        for required in shape.get("required", []):
            if value.get(required) is None:
                errors.append(
                    f"Value null at '{join(path, required)}' failed to satisfy constraint: Member must not be null"
                )
        for key, member_value in value.items():
            if key not in members:
                errors.append(f"'{join(path, key)}' is not a member of {shape_name}")
                continue
            if member_value is not None:
                check(members[key]["shape"], member_value, join(path, key), errors)
    elif kind == "string":
        if not isinstance(value, str):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a string")
            return
        length = len(value.encode("utf-16-le")) // 2
        if "min" in shape and length < shape["min"]:
            errors.append(
                f"Value '{shown(value)}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {shape['min']}"
            )
        if "max" in shape and length > shape["max"]:
            errors.append(
                f"Value '{shown(value)}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {shape['max']}"
            )
        if "pattern" in shape and value and not pattern(shape["pattern"]).fullmatch(value):
            errors.append(
                f"Value '{shown(value)}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape['pattern']}"
            )
        if "enum" in shape and value not in shape["enum"]:
            errors.append(
                f"Value '{shown(value)}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{', '.join(shape['enum'])}]"
            )
    elif kind == "list":
        if not isinstance(value, list):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a list")
            return
        size_checks(shape, len(value), path, errors)
        for i, item in enumerate(value):
            check(shape["member"]["shape"], item, f"{path}.{i + 1}.member", errors)
    elif kind == "map":
        if not isinstance(value, dict):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a map")
            return
        size_checks(shape, len(value), path, errors)
        for k, v in value.items():
            check(shape["key"]["shape"], k, f"{path}.{k}(key)", errors)
            check(shape["value"]["shape"], v, f"{path}.{k}", errors)
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a number")
            return
        if "min" in shape and value < shape["min"]:
            errors.append(
                f"Value '{value}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {shape['min']}"
            )
        if "max" in shape and value > shape["max"]:
            errors.append(
                f"Value '{value}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {shape['max']}"
            )
    elif kind == "boolean":
        if not isinstance(value, bool):
            errors.append(f"Value at '{path}' failed to satisfy constraint: Member must be a boolean")


def size_checks(shape, size, path, errors):
    if "min" in shape and size < shape["min"]:
        errors.append(
            f"Value at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {shape['min']}"
        )
    if "max" in shape and size > shape["max"]:
        errors.append(
            f"Value at '{path}' failed to satisfy constraint: Member must have length less than or equal to {shape['max']}"
        )


def join(path, member):
    member = lower_first(member)
    return f"{path}.{member}" if path else member


def validate(action, body):
    operation = MODEL["operations"].get(action)
    if operation is None:
        return [f"{action} is not an operation of cognito-idp"]
    errors = []
    if "input" in operation:
        check(operation["input"]["shape"], body, "", errors)
    return errors


def aws_error(start_response, status, code, message):
    payload = json.dumps({"__type": code, "message": message}).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-ErrorType", code),
            ("Content-Length", str(len(payload))),
        ],
    )
    return [payload]


def pool_extras(pool_id):
    with POOLS_LOCK:
        return dict(
            POOLS.get(pool_id, {"UserPoolTier": "ESSENTIALS", "IssuerConfiguration": {"Type": "ORIGINAL"}})
        )


def remember_pool(pool_id, body):
    with POOLS_LOCK:
        extras = POOLS.setdefault(
            pool_id, {"UserPoolTier": "ESSENTIALS", "IssuerConfiguration": {"Type": "ORIGINAL"}}
        )
        for key in ("UserPoolTier", "IssuerConfiguration"):
            if body.get(key) is not None:
                extras[key] = body[key]


def is_loopback_url(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetch_metadata(url):
    """(What Cognito says when it cannot use the metadata at `url`, or None; the document)."""
    if not is_loopback_url(url):
        return None, None
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            if resp.status != 200:
                return f"Non-ok status code {resp.status} returned from remote metadata source {url}", None
            text = resp.read(1024 * 1024).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return f"Non-ok status code {e.code} returned from remote metadata source {url}", None
    except Exception as e:  # noqa: BLE001 - any transport failure is Cognito's refusal too
        return f"Error retrieving metadata from {url}: {e}", None
    if "EntityDescriptor" not in text:
        return f"Could not parse metadata from remote metadata source {url}", None
    return None, text


# (pool id, provider name) -> {"metadata": the document Cognito read from the provider's
# MetadataURL at its last create or update, "fetchedAt": epoch seconds}
FETCHED_METADATA = {}


def feature_refusal(action, body):
    pool_id = body.get("UserPoolId")
    if not pool_id or pool_extras(pool_id)["UserPoolTier"] != "LITE":
        return None
    if action == "CreateUserPoolDomain" and body.get("ManagedLoginVersion") == 2:
        return "Managed login is not available for user pools on the Lite feature plan. Upgrade to Essentials or Plus, or use ManagedLoginVersion 1."
    if action in ("CreateManagedLoginBranding", "UpdateManagedLoginBranding"):
        return "Managed login branding is not available for user pools on the Lite feature plan."
    return None


def branding(action, body, start_response):
    key = (body.get("UserPoolId"), body.get("ClientId"))
    with POOLS_LOCK:
        style = BRANDING.get(key)
        if action == "CreateManagedLoginBranding":
            if style is not None:
                return aws_error(
                    start_response,
                    "400 Bad Request",
                    "ManagedLoginBrandingExistsException",
                    "A managed login branding style already exists for this app client.",
                )
            # Kept as sent, as Cognito keeps a style: its settings and assets are what a
            # later describe (and an export) returns.
            style = {
                "ManagedLoginBrandingId": str(uuid.uuid4()),
                "UserPoolId": key[0],
                "UseCognitoProvidedValues": bool(body.get("UseCognitoProvidedValues")),
            }
            for member in ("Settings", "Assets"):
                if body.get(member) is not None:
                    style[member] = body[member]
            BRANDING[key] = style
    if style is None:
        return aws_error(
            start_response,
            "400 Bad Request",
            "ResourceNotFoundException",
            "No managed login branding style exists for this app client.",
        )
    payload = json.dumps({"ManagedLoginBranding": style}).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


# (pool id, provider name) -> the encryption certificate Cognito made for it (base64 DER)
ENCRYPTION_CERTS = {}


# key -> the RSA key its certificates share (Cognito keeps the key across yearly certificates)
CERT_KEYS = {}
# pool id -> how many times its certificates were rotated
ROTATIONS = {}


def encryption_certificate(key):
    """A self-signed RSA certificate, valid ten years, as Cognito makes per provider (and,
    keyed (pool, None), the pool's signing certificate)."""
    generation = ROTATIONS.get(key[0], 0)
    with POOLS_LOCK:
        if (key, generation) in ENCRYPTION_CERTS:
            return ENCRYPTION_CERTS[(key, generation)]
    with POOLS_LOCK:
        private = CERT_KEYS.get(key)
        if private is None:
            private = CERT_KEYS.setdefault(
                key, rsa.generate_private_key(public_exponent=65537, key_size=2048)
            )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{key[0]}")])
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365 * generation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
    der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    with POOLS_LOCK:
        return ENCRYPTION_CERTS.setdefault((key, generation), der)


def json_answer(start_response, value):
    payload = json.dumps(value).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def log_violation(action, errors, expected):
    """`expected`: the layer's own tests send violations on purpose (header X-Expect-Violation)."""
    path = VIOLATIONS_LOG
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"action": action, "errors": errors, "expected": expected}) + "\n")


class ModelLayer:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if environ.get("PATH_INFO") == "/_aws_model/validate":
            return self.validate_only(target, environ, start_response)
        if environ.get("PATH_INFO") == "/_aws_model/rotate":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            pool = json.loads(environ["wsgi.input"].read(length) or b"{}").get("UserPoolId")
            with POOLS_LOCK:
                ROTATIONS[pool] = ROTATIONS.get(pool, 0) + 1
            return json_answer(start_response, {"rotations": ROTATIONS[pool]})
        if environ.get("PATH_INFO") in ("/_aws_model/encryption_key", "/_aws_model/signing_key"):
            # The private key of a provider's encryption certificate (the rehearsal's hosted
            # UI opens the assertions Okta encrypts to it) or of the pool's signing
            # certificate (it signs the AuthnRequests of providers with
            # RequestSigningAlgorithm): what Cognito does inside.
            length = int(environ.get("CONTENT_LENGTH") or 0)
            asked = json.loads(environ["wsgi.input"].read(length) or b"{}")
            signing = environ.get("PATH_INFO") == "/_aws_model/signing_key"
            key = (asked.get("UserPoolId"), None if signing else asked.get("ProviderName"))
            certificate = encryption_certificate(key)
            with POOLS_LOCK:
                private = CERT_KEYS[key]
            der = private.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return json_answer(
                start_response, {"pkcs8": base64.b64encode(der).decode(), "certificate": certificate}
            )
        if environ.get("PATH_INFO") == "/_aws_model/provider_metadata":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            asked = json.loads(environ["wsgi.input"].read(length) or b"{}")
            with POOLS_LOCK:
                held = FETCHED_METADATA.get((asked.get("UserPoolId"), asked.get("ProviderName")))
            return json_answer(start_response, held or {})
        if environ.get("PATH_INFO") == "/_aws_model/quotas":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            pool = json.loads(environ["wsgi.input"].read(length) or b"{}").get("UserPoolId")
            with POOLS_LOCK:
                QUOTA_POOLS.add(pool)
                throttled = QUOTA_THROTTLED.get(pool, 0)
            return json_answer(start_response, {"throttled": throttled})
        if not target.startswith(TARGET_PREFIX):
            return self.app(environ, start_response)
        action = target[len(TARGET_PREFIX):]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return aws_error(start_response, "400 Bad Request", "SerializationException", "body is not JSON")
        errors = validate(action, body)
        if errors:
            log_violation(action, errors, environ.get("HTTP_X_EXPECT_VIOLATION") == "1")
            count = len(errors)
            message = f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(errors)
            return aws_error(start_response, "400 Bad Request", "InvalidParameterException", message)
        refusal = quota_refusal(action, body)
        if refusal:
            return aws_error(start_response, "400 Bad Request", refusal[0], refusal[1])
        refusal = feature_refusal(action, body)
        if refusal:
            return aws_error(start_response, "400 Bad Request", "FeatureUnavailableInTierException", refusal)
        fetched = None
        if action in ("CreateIdentityProvider", "UpdateIdentityProvider"):
            url = (body.get("ProviderDetails") or {}).get("MetadataURL")
            refusal, fetched = fetch_metadata(url) if url else (None, None)
            if refusal:
                return aws_error(start_response, "400 Bad Request", "InvalidParameterException", refusal)
        refusal = domain_refusal(action, body) or provider_refusal(action, body)
        if refusal:
            return aws_error(start_response, "400 Bad Request", refusal[0], refusal[1])
        if action == "UpdateUserPoolClient":
            raw = json.dumps(with_client_resets(body)).encode()
        elif action == "CreateUserPoolClient":
            raw = json.dumps(with_token_defaults(body)).encode()
        if action in ("CreateIdentityProvider", "UpdateIdentityProvider", "DeleteIdentityProvider", "CreateUserPoolDomain"):
            return self.remembering(action, body, raw, environ, start_response, fetched)
        if action in ("CreateManagedLoginBranding", "DescribeManagedLoginBrandingByClient"):
            return branding(action, body, start_response)
        if action == "UpdateUserPoolDomain" and "ManagedLoginVersion" in body:
            with POOLS_LOCK:
                known = body.get("Domain", "") in DOMAIN_VERSIONS
                if known:
                    DOMAIN_VERSIONS[body["Domain"]] = body["ManagedLoginVersion"]
            if known and not body.get("CustomDomainConfig"):
                # moto's UpdateUserPoolDomain is for certificates only; a version change alone
                # is answered here, as Cognito answers it.
                return json_answer(start_response, {"ManagedLoginVersion": body["ManagedLoginVersion"]})
        if action == "GetSigningCertificate":
            return json_answer(
                start_response, {"Certificate": encryption_certificate((body["UserPoolId"], None))}
            )
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        if action not in (
            "CreateUserPool",
            "UpdateUserPool",
            "DescribeUserPool",
            "DescribeIdentityProvider",
            "DescribeUserPoolDomain",
        ):
            return self.app(environ, start_response)
        return self.amend(action, body, environ, start_response)

    def forwarded(self, environ):
        """moto's whole answer to the request: (status, headers, body)."""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda _data: None

        payload = b"".join(self.app(environ, capture))
        return captured["status"], captured["headers"], payload

    def remembering(self, action, body, raw, environ, start_response, fetched=None):
        """Forwards a create or a provider write, and remembers what it made (and the
        metadata document Cognito read for it) once moto answers 200."""
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        status, headers, payload = self.forwarded(environ)
        if status.startswith("200"):
            remember_created(action, body)
            remember_metadata(action, body, fetched)
        start_response(status, headers)
        return [payload]

    def validate_only(self, target, environ, start_response):
        """For the tests' other AWS stand-ins: the model's verdict on a request, logged alike."""
        action = target[len(TARGET_PREFIX):]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        errors = validate(action, body)
        if errors:
            log_violation(action, errors, environ.get("HTTP_X_EXPECT_VIOLATION") == "1")
        payload = json.dumps({"errors": errors}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    def amend(self, action, body, environ, start_response):
        status, headers, payload = self.forwarded(environ)
        if status.startswith("200"):
            answer = json.loads(payload or b"{}")
            if action == "CreateUserPool":
                remember_pool(answer["UserPool"]["Id"], body)
                answer["UserPool"].update(pool_extras(answer["UserPool"]["Id"]))
            elif action == "UpdateUserPool":
                remember_pool(body["UserPoolId"], body)
            elif action == "DescribeIdentityProvider":
                provider = answer.get("IdentityProvider") or {}
                details = provider.get("ProviderDetails") or {}
                if provider.get("ProviderType") == "SAML" and str(details.get("EncryptedResponses")).lower() == "true":
                    details["ActiveEncryptionCertificate"] = encryption_certificate(
                        (provider.get("UserPoolId"), provider.get("ProviderName"))
                    )
            elif action == "DescribeUserPoolDomain":
                description = answer.get("DomainDescription") or {}
                with POOLS_LOCK:
                    version = DOMAIN_VERSIONS.get(description.get("Domain"))
                if version is not None:
                    description["ManagedLoginVersion"] = version
            elif "UserPool" in answer:
                answer["UserPool"].update(pool_extras(answer["UserPool"]["Id"]))
            payload = json.dumps(answer).encode()
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(payload))))
        start_response(status, headers)
        return [payload]


def main():
    global VIOLATIONS_LOG
    port = int(sys.argv[1])
    VIOLATIONS_LOG = sys.argv[2] if len(sys.argv) > 2 else None
    app = ModelLayer(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The test binary holds our stdin open; when it exits, so do we.
    sys.stdin.read()
    server.shutdown()


VIOLATIONS_LOG = None

if __name__ == "__main__":
    main()
