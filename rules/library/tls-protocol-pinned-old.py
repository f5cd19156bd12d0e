import ssl

import ldap3
import websocket
from requests.adapters import HTTPAdapter
from requests.packages.urllib3.poolmanager import PoolManager as LegacyPool


class Tls1Adapter(HTTPAdapter):
    def init_poolmanager(self, connections, maxsize, block=False):
        # ruleid: tls-protocol-pinned-old
        self.poolmanager = LegacyPool(num_pools=connections, maxsize=maxsize, ssl_version=ssl.PROTOCOL_TLSv1)


def directory(host):
    # ruleid: tls-protocol-pinned-old
    tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, version=ssl.PROTOCOL_TLSv1_1)
    return ldap3.Server(host, use_ssl=True, tls=tls)


def socket_feed(url):
    # ruleid: tls-protocol-pinned-old
    return websocket.create_connection(url, sslopt={"ssl_version": ssl.PROTOCOL_SSLv3})


# ok: tls-protocol-pinned-old -- a mapping table, not a choice
PYOPENSSL_METHODS = {ssl.PROTOCOL_TLSv1: "TLSv1_METHOD"}


def legacy_ctx():
    ctx = ssl.create_default_context()
    # ruleid: tls-protocol-pinned-old
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    # ok: tls-protocol-pinned-old
    ctx.maximum_version = ssl.TLSVersion.TLSv1_3
    # ok: tls-protocol-pinned-old -- left to ssl-insecure-version
    other = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # hunkwise: ignore[ssl-insecure-version]
    return ctx, other


def _advised_fix_tls_protocol_pinned_old():
    ctx = ssl.create_default_context()
    # fix: tls-protocol-pinned-old
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx
