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

    def strict(self):
        # ok: ssl-context-verify-off
        self.ctx.verify_mode = ssl.CERT_REQUIRED
        # ok: ssl-context-verify-off
        self.ctx.check_hostname = True


def _advised_fix_ssl_context_verify_off(url):
    # fix: ssl-context-verify-off
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    return urllib.request.urlopen(url, context=ctx, timeout=10).read()
