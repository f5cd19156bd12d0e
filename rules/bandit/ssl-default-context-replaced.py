import ssl
import ssl as tls

# ruleid: ssl-default-context-replaced
ssl._create_default_https_context = ssl._create_unverified_context
# ruleid: ssl-default-context-replaced
tls._create_default_https_context = (
    tls._create_unverified_context
)
# ok: ssl-default-context-replaced
ssl._create_default_https_context = ssl.create_default_context
# ok: ssl-default-context-replaced
ctx = ssl._create_default_https_context()
# ok: ssl-default-context-replaced
ssl._create_default_https_context = ssl._create_unverified_context  # nosec B323


def _advised_fix_ssl_default_context_replaced():
    import ssl

    # fix: ssl-default-context-replaced
    return ssl.create_default_context(cafile="corp-ca.pem")
