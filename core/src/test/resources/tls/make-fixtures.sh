#!/bin/sh
# Makes the TLS test fixtures in this directory with the openssl CLI (written for OpenSSL 3.0).
# Re-runnable: every run makes new keys and overwrites all the files below, so commit them together.
# Certificates are valid for 100 years from the run, except expired.pem. Only ca-key.pem of the two
# CAs' keys is kept, so other tests can sign more certificates with the trusted CA.
#
#   ca.pem                    trusted test CA: RSA 2048, self-signed, CN=jvmws test CA
#   ca-key.pem                its private key (PKCS#8)
#   server.pem                server leaf for DNS:localhost, IP:127.0.0.1, IP:::1 (RSA 2048), then ca.pem
#   server-key.pem            its key, PKCS#8 "BEGIN PRIVATE KEY"
#   server-key-encrypted.pem  the same key as PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY": PBES2, PBKDF2 with
#                             HmacSHA256, AES-256-CBC (openssl 3's default); passphrase "jvmws-test"
#   server-key-encrypted-aes192.pem  the same key, PBES2 with HmacSHA512 and AES-192-CBC, "jvmws-test"
#   server-key-encrypted-des3.pem    the same key, PBES2 with HmacSHA1 (the default, so left out of
#                                    the file) and DES-EDE3-CBC, "jvmws-test"
#   server-key-encrypted-pbes1.pem   the same key, PKCS#12 PBE-SHA1-3DES (openssl 1.0's default), "jvmws-test"
#   server-key-encrypted-scrypt.pem  the same key, PBES2 with scrypt, which the JDK lacks, "jvmws-test"
#   server-key-pkcs1.pem      the same key in the legacy "BEGIN RSA PRIVATE KEY" (PKCS#1) form
#   server-key-pkcs1-encrypted.pem   the same, encrypted the legacy way (Proc-Type/DEK-Info), "jvmws-test"
#   server-ec.pem             server leaf with the same names on a P-256 key, then ca.pem
#   server-ec-key.pem         its key, PKCS#8
#   server-ec-key-sec1.pem    the same key in the legacy "BEGIN EC PRIVATE KEY" (SEC1) form
#   server-ed25519.pem        server leaf with the same names on an Ed25519 key, then ca.pem
#   server-ed25519-key.pem    its key, PKCS#8
#   server-rsa-pss.pem        server leaf with the same names on an RSASSA-PSS key, then ca.pem
#   server-rsa-pss-key.pem    its key, PKCS#8
#   client.pem                client leaf for mutual TLS (extendedKeyUsage clientAuth), then ca.pem
#   client-key.pem            its key, PKCS#8
#   wrong-host.pem            server leaf for DNS:other.example only, then ca.pem
#   wrong-host-key.pem        its key, PKCS#8
#   expired.pem               server leaf for localhost valid from 2000-01-01 to 2001-01-01, then ca.pem
#   expired-key.pem           its key, PKCS#8
#   untrusted-ca.pem          a second self-signed CA that no test trusts by default
#   untrusted.pem             server leaf for localhost signed by untrusted-ca.pem, then untrusted-ca.pem
#   untrusted-key.pem         its key, PKCS#8
#
# Every leaf file holds the leaf first and its issuer after it, as a server sends its chain.
set -eu

cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

localhost_names='DNS:localhost,IP:127.0.0.1,IP:::1'

# Our own config, so the system's openssl.cnf adds no extensions of its own.
cat > "$work/openssl.cnf" <<EOF
[ req ]
distinguished_name = subject
prompt = no

[ subject ]
CN = unused

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $localhost_names
authorityKeyIdentifier = keyid

# For keys that can only sign (EC, EdDSA, RSASSA-PSS): no keyEncipherment.
[ server_signing_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $localhost_names
authorityKeyIdentifier = keyid

[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid

[ wrong_host_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.example
authorityKeyIdentifier = keyid

# "openssl ca" is the one 3.0 command that takes explicit dates (x509 -req has only -days).
[ ca ]
default_ca = expired_signer

[ expired_signer ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
certificate = $PWD/ca.pem
private_key = $PWD/ca-key.pem
default_md = sha256
policy = any_subject
unique_subject = no
copy_extensions = none

[ any_subject ]
organizationName = optional
commonName = supplied
EOF
: > "$work/index.txt"
openssl rand -hex 16 > "$work/serial"

rsa_key() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
ec_key() { openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# Every certificate is valid from 2000 to 2100 (the expired one aside): a test machine whose clock
# is off by years still sees them valid. "openssl ca" is the one 3.0 command that takes explicit dates.
valid=(-startdate 20000101000000Z -enddate 21000101000000Z)

# self_signed_ca NAME CN: NAME.pem and $work/NAME-key.pem
self_signed_ca() {
  rsa_key "$work/$1-key.pem"
  openssl req -new -config "$work/openssl.cnf" -key "$work/$1-key.pem" -subj "/O=jvmws test/CN=$2" \
    -out "$work/$1.csr"
  openssl ca -batch -notext -selfsign -config "$work/openssl.cnf" -keyfile "$work/$1-key.pem" \
    -extfile "$work/openssl.cnf" -extensions ca_ext "${valid[@]}" -in "$work/$1.csr" -out "$1.pem" 2>/dev/null
}

# leaf NAME CN EXTENSIONS CA: signs the key NAME-key.pem into NAME.pem, followed by CA.pem
leaf() {
  openssl req -new -config "$work/openssl.cnf" -key "$1-key.pem" -subj "/O=jvmws test/CN=$2" \
    -out "$work/$1.csr"
  openssl ca -batch -notext -config "$work/openssl.cnf" -cert "$4.pem" -keyfile "$work/$4-key.pem" \
    -extfile "$work/openssl.cnf" -extensions "$3" "${valid[@]}" -in "$work/$1.csr" -out "$work/$1-leaf.pem" 2>/dev/null
  cat "$work/$1-leaf.pem" "$4.pem" > "$1.pem"
}

self_signed_ca ca 'jvmws test CA'
cp "$work/ca-key.pem" ca-key.pem

rsa_key server-key.pem
leaf server localhost server_ext ca
encrypt() { openssl pkcs8 -topk8 "$@" -passout pass:jvmws-test -in server-key.pem; }
encrypt -v2 aes-256-cbc -v2prf hmacWithSHA256 -out server-key-encrypted.pem
encrypt -v2 aes-192-cbc -v2prf hmacWithSHA512 -out server-key-encrypted-aes192.pem
encrypt -v2 des3 -v2prf hmacWithSHA1 -out server-key-encrypted-des3.pem
encrypt -v1 PBE-SHA1-3DES -out server-key-encrypted-pbes1.pem
encrypt -scrypt -out server-key-encrypted-scrypt.pem
openssl rsa -traditional -in server-key.pem -out server-key-pkcs1.pem 2>/dev/null
openssl rsa -traditional -aes256 -passout pass:jvmws-test -in server-key.pem \
  -out server-key-pkcs1-encrypted.pem 2>/dev/null

ec_key server-ec-key.pem
leaf server-ec localhost server_signing_ext ca
openssl ec -in server-ec-key.pem -out server-ec-key-sec1.pem 2>/dev/null

openssl genpkey -quiet -algorithm ED25519 -out server-ed25519-key.pem
leaf server-ed25519 localhost server_signing_ext ca

openssl genpkey -quiet -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out server-rsa-pss-key.pem
leaf server-rsa-pss localhost server_signing_ext ca

rsa_key client-key.pem
leaf client 'jvmws test client' client_ext ca

rsa_key wrong-host-key.pem
leaf wrong-host other.example wrong_host_ext ca

rsa_key expired-key.pem
openssl req -new -config "$work/openssl.cnf" -key expired-key.pem -subj "/O=jvmws test/CN=localhost" \
  -out "$work/expired.csr"
openssl ca -batch -notext -config "$work/openssl.cnf" -extfile "$work/openssl.cnf" -extensions server_ext \
  -startdate 20000101000000Z -enddate 20010101000000Z \
  -in "$work/expired.csr" -out "$work/expired-leaf.pem" 2>/dev/null
cat "$work/expired-leaf.pem" ca.pem > expired.pem

self_signed_ca untrusted-ca 'jvmws untrusted test CA'
rsa_key untrusted-key.pem
leaf untrusted localhost server_ext untrusted-ca
