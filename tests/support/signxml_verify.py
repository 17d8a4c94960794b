#!/usr/bin/env python3
"""The outside check of a SAML message's signature: Python's signxml (an XML signature
implementation no one here wrote) verifies the element with ID argv[3] in the message at
argv[1] against the PEM certificate at argv[2]. Exit 0 and "verified" when it holds; exit 1
and signxml's reason when it does not."""
import sys

from lxml import etree
from signxml import XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

message = open(sys.argv[1], "rb").read()
cert = open(sys.argv[2]).read()
wanted = sys.argv[3]
root = etree.fromstring(message)
signed = root if root.get("ID") == wanted else root.find(f".//*[@ID='{wanted}']")
try:
    result = XMLVerifier().verify(etree.tostring(signed), x509_cert=cert, id_attribute="ID")
except (InvalidSignature, InvalidInput) as e:
    print(f"refused: {e}")
    sys.exit(1)
print("verified")
