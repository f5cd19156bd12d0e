import ssl
import urllib.request
from ssl import CERT_NONE


def fetch(url):
    ctx = ssl.create_default_context()
    # ruleid: ssl-context-verify-off
    ctx.check_hostname = False
    # ruleid: ssl-context-verify-off
    ctx.verify_mode = ssl.CERT_NONE
    return urllib.request.urlopen(url, context=ctx, timeout=10).read()


class Client:
    def __init__(self):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # ruleid: ssl-context-verify-off
        self.ctx.verify_mode = CERT_NONE

    def relaxed(self, server_hostname):
        if not server_hostname:
            # ok: ssl-context-verify-off -- a setting's implementation, under a condition
            self.ctx.check_hostname = False

    def strict(self):
        # ok: ssl-context-verify-off
        self.ctx.verify_mode = ssl.CERT_REQUIRED
        # ok: ssl-context-verify-off
        self.ctx.check_hostname = True


def _advised_fix_ssl_context_verify_off(url):
    # fix: ssl-context-verify-off
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    return urllib.request.urlopen(url, context=ctx, timeout=10).read()


class FallbackContext:
    def __init__(self, protocol):
        self.protocol = protocol
        # ok: ssl-context-verify-off -- a context implementation's own default
        self.verify_mode = ssl.CERT_NONE
