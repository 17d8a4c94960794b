#!/usr/bin/env python3
"""Checks a SAML HTTP-Redirect request with code no one here wrote (Python's zlib and the
`cryptography` package): the SAMLRequest inflates to an AuthnRequest with an ID and the Issuer
given, and the query's signature (SAML Bindings 2.0 section 3.4.4.1: the octets
`SAMLRequest=...&RelayState=...&SigAlg=...` as sent) verifies with the certificate given.
Usage: redirect_signature_verify.py URL CERTIFICATE_BASE64_DER ISSUER. Exit 0: it holds."""
import base64
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

url, certificate, issuer = sys.argv[1], sys.argv[2], sys.argv[3]
raw = urllib.parse.urlsplit(url).query
parts = dict(p.split("=", 1) for p in raw.split("&"))
values = {k: urllib.parse.unquote_plus(v) for k, v in parts.items()}
xml = zlib.decompress(base64.b64decode(values["SAMLRequest"]), -15).decode()
root = ET.fromstring(xml)
assert root.tag == "{urn:oasis:names:tc:SAML:2.0:protocol}AuthnRequest", root.tag
assert root.get("ID"), "the request has an ID"
found = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer").text
assert found == issuer, f"Issuer {found!r} is not {issuer!r}"
assert values["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", values["SigAlg"]
octets = "&".join(f"{k}={parts[k]}" for k in ("SAMLRequest", "RelayState", "SigAlg") if k in parts)
cert = x509.load_der_x509_certificate(base64.b64decode(certificate))
cert.public_key().verify(
    base64.b64decode(values["Signature"]), octets.encode(), padding.PKCS1v15(), hashes.SHA256()
)
print("verified")
