#!/usr/bin/env bash
# The same federation done by hand with the AWS CLI, call after call, as the guide does it:
# create the public client, the domain, the SAML provider, then update the client.
# Usage: aws_cli_federation.sh POOL_ID DOMAIN_PREFIX METADATA_FILE   (AWS_ENDPOINT_URL etc. from env)
set -euo pipefail
pool=$1 prefix=$2 metadata=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$metadata" > "$work/details.json" <<'PY'
import json, sys
print(json.dumps({"MetadataFile": open(sys.argv[1]).read(), "IDPSignout": "false"}))
PY
client=$(aws cognito-idp create-user-pool-client --user-pool-id "$pool" --client-name okta-web \
  --no-generate-secret --explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH \
  --query UserPoolClient.ClientId --output text)
aws cognito-idp create-user-pool-domain --domain "$prefix" --user-pool-id "$pool" > /dev/null
aws cognito-idp create-identity-provider --user-pool-id "$pool" --provider-name Okta --provider-type SAML \
  --provider-details "file://$work/details.json" --attribute-mapping 'email=Email Id' > /dev/null
aws cognito-idp update-user-pool-client --user-pool-id "$pool" --client-id "$client" --client-name okta-web \
  --explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH \
  --supported-identity-providers Okta COGNITO --allowed-o-auth-flows code --allowed-o-auth-flows-user-pool-client \
  --allowed-o-auth-scopes openid email profile \
  --callback-urls https://app.example.com/ http://localhost:8976/callback --logout-urls https://app.example.com/ > /dev/null
