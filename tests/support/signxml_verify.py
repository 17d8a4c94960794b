#!/usr/bin/env python3
"""The outside check of a SAML message's signature: Python's signxml (an XML signature
implementation no one here wrote) verifies one element of the message at argv[1] (argv[3]:
an ID, or `Response` / `Assertion`) against a certificate: argv[2] is a PEM file, or the
http(s) address of the IdP's metadata, whose first signing certificate is used. Exit 0 and
"verified" when it holds; exit 1 and signxml's reason when it does not."""
import sys
import urllib.request

from lxml import etree
from signxml import XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"


def certificate(where):
    if not where.startswith("http"):
        return open(where).read()
    metadata = etree.fromstring(urllib.request.urlopen(where, timeout=10).read())
    for key in metadata.iter(f"{{{MD}}}KeyDescriptor"):
        if key.get("use") != "encryption":
            body = key.find(f".//{{{DS}}}X509Certificate").text.strip()
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
    sys.exit("the metadata publishes no signing certificate")


root = etree.fromstring(open(sys.argv[1], "rb").read())
wanted = sys.argv[3]
if wanted in ("Response", "Assertion"):
    signed = root if etree.QName(root).localname == wanted else next(
        e for e in root.iter() if etree.QName(e).localname == wanted
    )
else:
    signed = root if root.get("ID") == wanted else root.find(f".//*[@ID='{wanted}']")
try:
    XMLVerifier().verify(etree.tostring(signed), x509_cert=certificate(sys.argv[2]), id_attribute="ID")
except (InvalidSignature, InvalidInput) as e:
    print(f"refused: {e}")
    sys.exit(1)
print("verified")
